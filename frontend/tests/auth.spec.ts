import { newUser } from "./support/api"
import { expect, formError, logIn, test } from "./support/fixtures"
import { resetLinkFor } from "./support/mailbox"

test("sign up, log out, log in", async ({ page }) => {
  const user = newUser("signup")
  await page.goto("/signup")
  await page.getByLabel("Email").fill(user.email)
  await page.getByLabel("Username").fill(user.username)
  await page.getByLabel("Full name").fill(user.full_name)
  await page.getByLabel("Password", { exact: true }).fill(user.password)
  await page.getByLabel("Confirm password").fill(user.password)
  await page.getByRole("button", { name: "Sign up" }).click()
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()

  await page.getByRole("button", { name: "Log out" }).click()
  await expect(page).toHaveURL(/\/login$/)
  // Signed out for real: the app's pages send us back to log in.
  await page.goto("/settings")
  await expect(page).toHaveURL(/\/login\?redirect=/)

  await logIn(page, user.email, user.password)
  // Back where we were headed.
  await expect(page).toHaveURL(/\/settings$/)
  await expect(page.getByLabel("Email")).toHaveValue(user.email)
})

test("a wrong password shows the API's message", async ({ page, api }) => {
  const user = await api.signup()
  await page.goto("/login")
  await logIn(page, user.email, "not-the-password")
  await expect(formError(page)).toHaveText("Incorrect email or password")
  await expect(page).toHaveURL(/\/login$/)
})

test("a taken email at sign-up shows the API's message", async ({ page, api }) => {
  const user = await api.signup()
  await page.goto("/signup")
  await page.getByLabel("Email").fill(user.email)
  await page.getByLabel("Password", { exact: true }).fill("another-password")
  await page.getByLabel("Confirm password").fill("another-password")
  await page.getByRole("button", { name: "Sign up" }).click()
  await expect(formError(page)).toContainText("already exists")
})

test("password recovery through the mailed link, then log in with the new password", async ({
  page,
  api,
  baseURL,
}) => {
  const user = await api.signup()
  await page.goto("/login")
  await page.getByRole("link", { name: "Forgot password?" }).click()
  // Not the login form's Email field, still there for a moment.
  await expect(page.getByRole("heading", { name: "Password recovery" })).toBeVisible()
  await page.getByLabel("Email").fill(user.email)
  await page.getByRole("button", { name: "Send recovery link" }).click()
  await expect(page.getByRole("status")).toContainText("we sent a password recovery link")

  const link = await resetLinkFor(user.email)
  expect(link.startsWith(`${baseURL}/reset-password?token=`)).toBe(true)
  await page.goto(link)
  const newPassword = "brand-new-password"
  await page.getByLabel("New password").fill(newPassword)
  await page.getByLabel("Confirm password").fill(newPassword)
  await page.getByRole("button", { name: "Reset password" }).click()
  await expect(page).toHaveURL(/\/login$/)

  await logIn(page, user.email, user.password)
  await expect(formError(page)).toHaveText("Incorrect email or password")
  await logIn(page, user.email, newPassword)
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
})

test("an expired or revoked token ends the session and asks to log in again", async ({
  pageAs,
}) => {
  const page = await pageAs("not-a-valid-token")
  await page.goto("/items")
  await expect(page).toHaveURL(/\/login\?redirect=%2Fitems/)
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible()
})

test("logging out ends the token on the server, not only in the browser", async ({
  page,
  api,
  request,
}) => {
  const user = await api.signup()
  await page.goto("/login")
  await logIn(page, user.email, user.password)
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
  const token = await page.evaluate(() => localStorage.getItem("access_token"))
  expect(token).toBeTruthy()

  await page.getByRole("button", { name: "Log out" }).click()
  await expect(page).toHaveURL(/\/login$/)
  const r = await request.get("/api/v1/users/me", { headers: { Authorization: `Bearer ${token}` } })
  expect(r.status()).toBe(401)
})

test("after logging in, only a path of this site is followed", async ({ page, api }) => {
  const user = await api.signup()
  const elsewhere = [
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\\evil.example/",
  ]
  for (const target of elsewhere) {
    await page.goto(`/login?redirect=${encodeURIComponent(target)}`)
    await logIn(page, user.email, user.password)
    await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
    expect(new URL(page.url()).pathname, target).toBe("/")
    await page.getByRole("button", { name: "Log out" }).click()
    await expect(page).toHaveURL(/\/login$/)
  }

  await page.goto(`/login?redirect=${encodeURIComponent("/settings")}`)
  await logIn(page, user.email, user.password)
  await expect(page).toHaveURL(/\/settings$/)
})

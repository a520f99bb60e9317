import { expect, formError, test } from "./support/fixtures"

test("change my profile", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  await page.getByLabel("Full name").fill("Renamed Person")
  await page.getByRole("button", { name: "Save account" }).click()
  await expect(page.getByText("Account updated")).toBeVisible()
  await page.getByLabel("Phone number").fill("+44 20 7946 0000")
  await page.getByLabel("Bio").fill("I clean windows.")
  await page.getByRole("button", { name: "Save profile" }).click()
  await expect(page.getByText("Profile updated")).toBeVisible()
  await expect(page.getByTestId("signed-in-as")).toHaveText("Renamed Person")

  // Stored: a fresh load shows it, and so does the API.
  await page.reload()
  await expect(page.getByLabel("Full name")).toHaveValue("Renamed Person")
  await expect(page.getByLabel("Bio")).toHaveValue("I clean windows.")
  const profile = await api.get("/profiles/me", user.token)
  expect(profile.phone_number).toBe("+44 20 7946 0000")
})

// A 1x1 PNG: enough for the server to decode and re-encode.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
)

test("upload a profile picture, see it, remove it", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  const file = page.locator('input[type="file"]')
  await file.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("hi") })
  await page.getByRole("button", { name: "Upload picture" }).click()
  await expect(formError(page)).toContainText("Not a PNG, JPEG or WebP image")

  await file.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG })
  await page.getByRole("button", { name: "Upload picture" }).click()
  await expect(page.getByText("Picture updated")).toBeVisible()
  const picture = page.getByRole("img", { name: "Your picture" })
  await expect(picture).toHaveAttribute("src", /^\/api\/v1\/profiles\/.+\/picture\?v=/)
  // Loaded under the page's Content-Security-Policy: the browser decoded it.
  await expect.poll(() => picture.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1)
  const profile = await api.get("/profiles/me", user.token)
  expect(profile.image).toMatch(/\/picture\?v=/)

  await page.getByRole("button", { name: "Remove picture" }).click()
  await expect(page.getByText("Picture removed")).toBeVisible()
  expect((await api.get("/profiles/me", user.token)).image).toBeNull()
})

test("change my password, then log in with it", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  await page.getByRole("tab", { name: "Password" }).click()
  await page.getByLabel("Current password").fill("wrong-current-password")
  await page.getByLabel("New password", { exact: true }).fill("changed-password")
  await page.getByLabel("Confirm new password").fill("changed-password")
  await page.getByRole("button", { name: "Save password" }).click()
  await expect(formError(page)).toHaveText("Incorrect password")

  await page.getByLabel("Current password").fill(user.password)
  await page.getByRole("button", { name: "Save password" }).click()
  await expect(page.getByText("Password updated successfully")).toBeVisible()
  // Still signed in, with the new password.
  await page.getByRole("link", { name: "Items" }).click()
  await expect(page.getByRole("heading", { name: "Items" })).toBeVisible()

  await page.getByRole("button", { name: "Log out" }).click()
  await page.getByLabel("Email").fill(user.email)
  await page.getByLabel("Password", { exact: true }).fill("changed-password")
  await page.getByRole("button", { name: "Log in" }).click()
  await expect(page.getByRole("heading", { name: /Hi,/ })).toBeVisible()
})

test("delete my account", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  await page.getByRole("tab", { name: "Danger zone" }).click()
  await page.getByRole("button", { name: "Delete my account" }).click()
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click()
  await expect(page).toHaveURL(/\/login$/)

  await page.getByLabel("Email").fill(user.email)
  await page.getByLabel("Password", { exact: true }).fill(user.password)
  await page.getByRole("button", { name: "Log in" }).click()
  await expect(formError(page)).toHaveText("Incorrect email or password")
})

test("a new email needs the current password, then signs in again with it", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  await expect(page.getByLabel("Email")).toHaveValue(user.email)
  // Asked for only when the email changes.
  await expect(page.getByLabel("Current password")).toHaveCount(0)
  const newEmail = `new-${user.email}`
  await page.getByLabel("Email").fill(newEmail)
  await expect(page.getByLabel("Current password")).toBeVisible()
  await page.getByRole("button", { name: "Save account" }).click()
  await expect(page.getByText("Enter your current password")).toBeVisible()

  await page.getByLabel("Current password").fill("wrong-current-password")
  await page.getByRole("button", { name: "Save account" }).click()
  await expect(formError(page)).toHaveText("Incorrect password")

  await page.getByLabel("Current password").fill(user.password)
  await page.getByRole("button", { name: "Save account" }).click()
  await expect(page.getByText("Account updated")).toBeVisible()
  // Still signed in (with a new token: the old one ended with the old email).
  await expect(page.getByLabel("Email")).toHaveValue(newEmail)
  await page.getByRole("link", { name: "Items" }).click()
  await expect(page.getByRole("heading", { name: "Items" })).toBeVisible()
  expect((await api.get("/users/me", await api.token(newEmail, user.password))).email).toBe(
    newEmail,
  )

  await page.getByRole("button", { name: "Log out" }).click()
  await page.getByLabel("Email").fill(newEmail)
  await page.getByLabel("Password", { exact: true }).fill(user.password)
  await page.getByRole("button", { name: "Log in" }).click()
  await expect(page.getByRole("heading", { name: /Hi,/ })).toBeVisible()
})

import { randomUUID } from "node:crypto"
import { newUser } from "./support/api"
import { expect, test } from "./support/fixtures"

const DEVELOPER_TEXT = /Input should be|path\.|uuid_parsing|Something went wrong/i
const UNREACHABLE = "Spotless can't reach the server; retrying…"

test("a job or a person that does not exist: a not-found page with a way back", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/")
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()

  for (const path of [
    "/cleanings/999999", // not even a UUID: the API answers 422 on the path
    `/cleanings/${randomUUID()}`, // a UUID of no job: 404
    `/users/nobody-${randomUUID().slice(0, 8)}`,
  ]) {
    await page.goto(path)
    const notFound = page.getByTestId("not-found")
    await expect(notFound.getByRole("heading", { name: "Page not found" })).toBeVisible()
    await expect(page.getByRole("main")).not.toContainText(DEVELOPER_TEXT)
    await expect(notFound.getByRole("button", { name: "Go back" })).toBeVisible()
  }
  await expect(page.getByTestId("not-found")).toContainText("There is no one called")
  await page.getByTestId("not-found").getByRole("link", { name: "Go home" }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
})

test("a page that is not a number is page 1; a page past the end is the last", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup()
  const jobs = []
  for (let i = 1; i <= 12; i++) {
    jobs.push(await api.post("/cleanings/", user.token, { name: `Paged job ${i}`, price: "10.00" }))
  }
  // Changes are feed events too: 21 of this user's own, so the feed has a second page to clamp
  // to even when this test runs alone.
  for (const job of jobs.slice(0, 9)) {
    await api.put(`/cleanings/${job.id}`, user.token, { name: `${job.name} (changed)` })
  }
  const page = await pageAs(user.token)

  await page.goto("/cleanings?page=abc")
  await expect(page.getByTestId("cleanings-page-status")).toHaveText("Page 1 of 2")
  await page.goto("/cleanings?page=99")
  await expect(page.getByTestId("cleanings-page-status")).toHaveText("Page 2 of 2")
  await expect(page).toHaveURL(/page=2$/)

  const { count } = await api.get("/feed/cleanings/?limit=1", user.token)
  const pages = Math.ceil(count / 20)
  await page.goto("/feed/compare?page=abc")
  const offset = page.getByTestId("offset-feed")
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page 1 of ${pages}`)
  await page.goto("/feed/compare?page=100000")
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page ${pages} of ${pages}`)
  await expect(page).toHaveURL(new RegExp(`page=${pages}$`))
  await expect(page.getByRole("main")).not.toContainText(DEVELOPER_TEXT)
})

test("while the server does not answer, a page not visited yet says so inside the app, and comes back", async ({
  pageAs,
  api,
  guards,
  baseURL,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/")
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
  const nav = page.getByRole("navigation", { name: "Main" })
  try {
    await whileDown()
  } finally {
    // The refused requests were logged by the browser; they were this test's doing.
    const refused = /ERR_FAILED|net::|Failed to fetch|dynamically imported module|preload/i
    const others = guards.errors.filter((e) => !refused.test(e))
    guards.errors.splice(0, guards.errors.length, ...others)
  }

  async function whileDown() {
    // The API is down: the page's requests fail, the app says so and keeps asking.
    await page.route("**/api/v1/**", (route) => route.abort())
    await nav.getByRole("link", { name: "My work" }).click()
    await expect(page.getByText(UNREACHABLE).first()).toBeVisible()
    expect(page.url()).toBe(`${baseURL}/my-work`)

    // The app's files too: a route's code (loaded on the first visit) cannot load either.
    await page.route("**/assets/**", (route) => route.abort())
    await nav.getByRole("link", { name: "Find work" }).click()
    await expect(page).toHaveURL(/\/find-work/)
    await expect(page.getByText(UNREACHABLE).first()).toBeVisible()
    expect(page.url().startsWith(`${baseURL}/find-work`)).toBe(true)
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible()

    // The server is back: the page shows by itself.
    await page.unrouteAll({ behavior: "ignoreErrors" })
    await expect(page.getByRole("heading", { name: "Find work" })).toBeVisible({ timeout: 20_000 })
    await expect(page.getByText(UNREACHABLE)).toHaveCount(0)
  }
})

test("a reset link that is wrong or used offers to send a new one", async ({ page, api }) => {
  const user = await api.signup()
  await page.goto("/reset-password?token=bad")
  await page.getByLabel("New password").fill("a-new-password")
  await page.getByLabel("Confirm password").fill("a-new-password")
  await page.getByRole("button", { name: "Reset password" }).click()
  const invalid = page.getByTestId("reset-link-invalid")
  await expect(invalid.getByRole("alert")).toContainText("not valid any more")
  await expect(invalid.getByRole("link", { name: "password recovery page" })).toHaveAttribute(
    "href",
    "/recover-password",
  )
  await invalid.getByLabel("Email").fill(user.email)
  await invalid.getByRole("button", { name: "Send recovery link" }).click()
  await expect(invalid.getByRole("status")).toContainText("we sent a password recovery link")
})

test("sign-up states the password rule before anything is sent", async ({ page }) => {
  await page.goto("/signup")
  const password = page.getByLabel("Password", { exact: true })
  await expect(password).toHaveAccessibleDescription(/At least 8 characters/)
  await expect(page.getByText("At least 8 characters")).toBeVisible()
})

test("signed out by a password change elsewhere, the login page says why", async ({
  pageAs,
  api,
  request,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/")
  await expect(page.getByRole("heading", { name: `Hi, ${user.full_name}` })).toBeVisible()
  // Another device changes the password: every earlier token ends.
  const changed = await request.patch("/api/v1/users/me/password", {
    headers: { Authorization: `Bearer ${user.token}` },
    data: { current_password: user.password, new_password: "changed-elsewhere" },
  })
  expect(changed.ok()).toBe(true)
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "My work" })
    .click()
  await expect(page).toHaveURL(/\/login\?/)
  await expect(page.getByTestId("signed-out-reason")).toHaveText(
    "You were signed out: your session ended. Please log in again.",
  )

  // A token that never worked: the login page, without a reason it cannot know.
  const stranger = await pageAs("not-a-valid-token")
  await stranger.goto("/my-work")
  await expect(stranger).toHaveURL(/\/login\?redirect=/)
  await expect(stranger.getByRole("button", { name: "Log in" })).toBeVisible()
  await expect(stranger.getByTestId("signed-out-reason")).toHaveCount(0)
})

test("a newcomer's dashboard shows the two ways to start; someone back sees what changed", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup(newUser("newcomer"))
  const page = await pageAs(user.token)
  await page.goto("/")
  const main = page.getByRole("main")
  await expect(main.getByTestId("newcomer")).toBeVisible()
  await expect(main).not.toContainText("Welcome back")
  await expect(main.getByRole("heading", { name: `Hi, ${user.full_name}` })).toHaveText(
    `Hi, ${user.full_name}`,
  )
  await main.getByRole("link", { name: "Post a job" }).click()
  await expect(page).toHaveURL(/\/cleanings$/)
  await expect(page.getByRole("dialog", { name: "New cleaning" })).toBeVisible()
  await page.keyboard.press("Escape")
  await page.goto("/")
  await main.getByRole("link", { name: "Find work" }).click()
  await expect(page).toHaveURL(/\/find-work/)

  // Back after posting a job that got an offer.
  const job = await api.post("/cleanings/", user.token, { name: "Dashboard job", price: "30.00" })
  const cleaner = await api.signup()
  await api.post(`/cleanings/${job.id}/offers/`, cleaner.token, {})
  await page.goto("/")
  await expect(main.getByTestId("returning")).toContainText("Welcome back")
  await expect(main.getByTestId("newcomer")).toHaveCount(0)
  await expect(main.getByTestId("dashboard-unread")).toHaveText("1 unread")
  await expect(main.getByTestId("jobs-with-offers")).toContainText("Dashboard job")
  await expect(main.getByTestId("jobs-with-offers")).toContainText("1 offer")
})

test("navigation: Items left the main menu (still reachable), a job's page highlights its section", async ({
  pageAs,
  api,
}) => {
  const me = await api.signup()
  const other = await api.signup()
  const mine = await api.post("/cleanings/", me.token, { name: "My nav job", price: "20.00" })
  const theirs = await api.post("/cleanings/", other.token, { name: "Their job", price: "20.00" })
  const page = await pageAs(me.token)
  await page.goto("/")
  const nav = page.getByRole("navigation", { name: "Main" })
  await expect(nav.getByRole("link", { name: "Find work" })).toBeVisible()
  await expect(nav.getByRole("link", { name: "Items" })).toHaveCount(0)
  await page.goto("/settings")
  await page.getByRole("link", { name: "Your items" }).click()
  await expect(page.getByRole("heading", { name: "Items" })).toBeVisible()

  await page.goto(`/cleanings/${theirs.id}`)
  await expect(page.getByRole("heading", { name: "Their job" })).toBeVisible()
  await expect(nav.getByRole("link", { name: "Find work" })).toHaveAttribute("data-active")
  await expect(nav.getByRole("link", { name: "My cleanings" })).not.toHaveAttribute("data-active")

  await page.goto(`/cleanings/${mine.id}`)
  await expect(page.getByRole("heading", { name: "My nav job" })).toBeVisible()
  await expect(nav.getByRole("link", { name: "My cleanings" })).toHaveAttribute("data-active")
  await expect(nav.getByRole("link", { name: "Find work" })).not.toHaveAttribute("data-active")
})

test("prices with the currency, a decimal comma accepted and sent exactly, dates unambiguous", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/cleanings")
  await page.getByRole("button", { name: "New cleaning" }).click()
  const dialog = page.getByRole("dialog", { name: "New cleaning" })
  await dialog.getByLabel("Name").fill("Comma price job")
  await dialog.getByLabel("Price").fill("85,50")
  await dialog.getByLabel("Date").fill("2026-12-06")
  const sent = page.waitForRequest(
    (r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/v1/cleanings/",
  )
  await dialog.getByRole("button", { name: "Save" }).click()
  expect((await sent).postDataJSON().price).toBe("85.50")
  const row = page.getByRole("row").filter({ hasText: "Comma price job" })
  await expect(row).toContainText("€85.50")
  await expect(row).toContainText("Dec 6, 2026")
  await expect(row).not.toContainText("12/6/2026")
  const { data } = await api.get("/cleanings/", user.token)
  expect(data.find((c: { name: string }) => c.name === "Comma price job").price).toBe("85.50")
})

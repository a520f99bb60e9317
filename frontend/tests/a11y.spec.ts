import { expectLabelled, unlabelled } from "./support/a11y"
import { ADMIN } from "./support/api"
import { expect, test } from "./support/fixtures"

test("signed-out pages: every field labelled, every button named", async ({ page }) => {
  for (const path of ["/login", "/signup", "/recover-password", "/reset-password?token=x"]) {
    await page.goto(path)
    await expect(page.getByRole("heading", { name: "Spotless" })).toBeVisible()
    await expectLabelled(page)
  }
})

test("the app's pages and dialogs: every field labelled, every button named", async ({
  pageAs,
  api,
}) => {
  const owner = await api.signup()
  const cleaner = await api.signup()
  const job = await api.post("/cleanings/", owner.token, { name: "Labelled job", price: "10" })
  await api.post(`/cleanings/${job.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${job.id}/offers/${cleaner.username}/accept`, owner.token, {})
  await api.post("/items/", owner.token, { title: "Labelled item" })
  const page = await pageAs(owner.token)

  const visit = async (path: string, ready: string) => {
    await page.goto(path)
    await expect(page.getByText(ready).first()).toBeVisible()
    await expectLabelled(page)
  }
  await visit("/", "Welcome back")
  await visit("/feed", "Labelled job")
  await visit(`/users/${cleaner.username}`, "As a cleaner")
  await page.goto("/find-work?status=any")
  await expect(page.getByTestId("search-count")).toBeVisible()
  await expectLabelled(page)

  await visit("/items", "Labelled item")
  await page.getByRole("button", { name: "Add item" }).click()
  await expectLabelled(page)

  await visit("/cleanings", "Labelled job")
  await page.getByRole("button", { name: "New cleaning" }).click()
  await expectLabelled(page)

  await visit(`/cleanings/${job.id}`, "accepted")
  await page.getByRole("button", { name: "Evaluate" }).click()
  await expect(page.getByRole("dialog")).toBeVisible()
  await expectLabelled(page)

  await visit("/settings", "Public profile")
  for (const tab of ["Password", "Danger zone"]) {
    await page.getByRole("tab", { name: tab }).click()
    await expectLabelled(page)
  }
})

test("the admin page and its dialog: every field labelled, every button named", async ({
  page,
}) => {
  await page.goto("/login")
  await page.getByLabel("Email").fill(ADMIN.email)
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password)
  await page.getByRole("button", { name: "Log in" }).click()
  // Signed in (the token stored) before leaving the page, or /admin sends us back to log in.
  await expect(page.getByRole("heading", { name: /Hi,/ })).toBeVisible()
  await page.goto("/admin")
  await expect(page.getByTestId("users-table")).toBeVisible()
  await expectLabelled(page)
  await page.getByRole("button", { name: "Add user" }).click()
  await expectLabelled(page)
})

test("the check itself finds an unnamed button and an unlabelled field", async ({ page }) => {
  await page.goto("/login")
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      '<button id="bare"></button><input id="loose"><label for="x">Label for nothing</label>',
    )
  })
  const problems = await unlabelled(page)
  expect(problems).toHaveLength(2)
  expect(problems[0]).toContain('id="bare"')
  expect(problems[1]).toContain('id="loose"')
})

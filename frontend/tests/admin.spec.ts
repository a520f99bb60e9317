import { ADMIN, newUser } from "./support/api"
import { expect, test } from "./support/fixtures"

const PAGE_SIZE = 10

test.describe("the superuser's user admin", () => {
  test.use({ storageState: "test-results/.auth/admin.json" })

  test("creates, edits and deletes a user", async ({ page, api }) => {
    const user = newUser("admin-made")
    await page.goto("/admin")
    await page.getByRole("button", { name: "Add user" }).click()
    const dialog = page.getByRole("dialog", { name: "Add user" })
    await dialog.getByLabel("Email").fill(user.email)
    await dialog.getByLabel("Full name").fill(user.full_name)
    await dialog.getByLabel("Password", { exact: true }).fill(user.password)
    await dialog.getByRole("button", { name: "Save" }).click()
    await expect(dialog).toBeHidden()

    // The new user can sign in; find them through the API and in the last page of the table.
    const token = await api.token(user.email, user.password)
    const me = await api.get("/users/me", token)
    expect(me.full_name).toBe(user.full_name)

    const adminToken = await api.token(ADMIN.email, ADMIN.password)
    const { count } = await api.get("/users/?limit=1", adminToken)
    const last = Math.ceil(count / PAGE_SIZE)
    await page.goto(`/admin?page=${last}`)
    const row = page.getByRole("row").filter({ hasText: user.email })
    await expect(row).toBeVisible()

    await row.getByRole("button", { name: `Edit ${user.email}` }).click()
    const edit = page.getByRole("dialog", { name: "Edit user" })
    await edit.getByLabel("Full name").fill("Edited By Admin")
    await edit.getByLabel("Active").uncheck()
    await edit.getByRole("button", { name: "Save" }).click()
    await expect(edit).toBeHidden()
    await expect(row).toContainText("Edited By Admin")
    await expect(row).toContainText("Inactive")

    await row.getByRole("button", { name: `Delete ${user.email}` }).click()
    await page
      .getByRole("dialog", { name: "Delete user" })
      .getByRole("button", { name: "Delete" })
      .click()
    await expect(page.getByText("User deleted successfully")).toBeVisible()
    await expect(page.getByRole("row").filter({ hasText: user.email })).toHaveCount(0)
    const after = await api.get("/users/?limit=1", adminToken)
    expect(after.count).toBe(count - 1)
  })

  test("pages the user list on the server", async ({ page, api }) => {
    // More than one page of users.
    for (let i = 0; i < PAGE_SIZE + 2; i++) await api.signup(newUser("pager"))
    const adminToken = await api.token(ADMIN.email, ADMIN.password)
    const { count } = await api.get("/users/?limit=1", adminToken)
    const pages = Math.ceil(count / PAGE_SIZE)
    expect(pages).toBeGreaterThan(1)

    await page.goto("/admin")
    await expect(page.getByTestId("users-page-status")).toHaveText(`Page 1 of ${pages}`)
    await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(PAGE_SIZE)

    // Page 2 is asked of the server (skip/limit), not cut from a bigger answer.
    const asked = page.waitForRequest((r) => r.url().includes("/api/v1/users/?"))
    await page.getByRole("button", { name: "Next" }).click()
    const url = new URL((await asked).url())
    expect(url.searchParams.get("skip")).toBe(String(PAGE_SIZE))
    expect(url.searchParams.get("limit")).toBe(String(PAGE_SIZE))
    await expect(page).toHaveURL(/\/admin\?page=2$/)
    await expect(page.getByTestId("users-page-status")).toHaveText(`Page 2 of ${pages}`)
    const second = await api.get(`/users/?skip=${PAGE_SIZE}&limit=${PAGE_SIZE}`, adminToken)
    await expect(page.getByTestId("users-table").locator("tbody tr").first()).toContainText(
      second.data[0].email,
    )
  })

  test("a superuser cannot delete themself and is told why", async ({ page }) => {
    await page.goto("/settings")
    await page.getByRole("tab", { name: "Danger zone" }).click()
    await page.getByRole("button", { name: "Delete my account" }).click()
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click()
    await expect(page.getByRole("dialog").getByRole("alert")).toContainText(
      "Super users are not allowed to delete themselves",
    )
  })
})

test("a normal user on the admin page sees 'not allowed' and stays signed in", async ({
  pageAs,
  api,
}) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/")
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0)
  await page.goto("/admin")
  await expect(page.getByRole("alert")).toContainText("Not allowed")
  await expect(page.getByRole("alert")).toContainText("The user doesn't have enough privileges")
  // Still signed in: the rest of the app works.
  await page.getByRole("link", { name: "Settings" }).click()
  await expect(page.getByLabel("Email")).toHaveValue(user.email)
})

import { ADMIN } from "./support/api"
import { expect, test } from "./support/fixtures"

// The superuser signs in once through the UI; admin tests start from this saved state.
test("the superuser signs in", async ({ page }) => {
  await page.goto("/login")
  await page.getByLabel("Email").fill(ADMIN.email)
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password)
  await page.getByRole("button", { name: "Log in" }).click()
  await expect(page.getByRole("heading", { name: /Hi,/ })).toBeVisible()
  await page.context().storageState({ path: "test-results/.auth/admin.json" })
})

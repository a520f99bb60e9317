import { expect, test } from "./support/fixtures"

test("items: add, edit, delete, paged on the server", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/items")
  await expect(page.getByText("You don't have any items yet")).toBeVisible()

  await page.getByRole("button", { name: "Add item" }).click()
  await page.getByRole("dialog").getByLabel("Title").fill("Vacuum cleaner")
  await page.getByRole("dialog").getByLabel("Description").fill("Bagless")
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
  const row = page.getByRole("row").filter({ hasText: "Vacuum cleaner" })
  await expect(row).toContainText("Bagless")

  await row.getByRole("button", { name: "Edit Vacuum cleaner" }).click()
  await page.getByRole("dialog").getByLabel("Title").fill("Robot vacuum")
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
  const edited = page.getByRole("row").filter({ hasText: "Robot vacuum" })
  await expect(edited).toBeVisible()

  for (let i = 1; i <= 10; i++) await api.post("/items/", user.token, { title: `Mop ${i}` })
  await page.reload()
  await expect(page.getByTestId("items-page-status")).toHaveText("Page 1 of 2")
  await page.getByRole("button", { name: "Next" }).click()
  await expect(page.getByTestId("items-page-status")).toHaveText("Page 2 of 2")
  await expect(page.getByTestId("items-table").locator("tbody tr")).toHaveCount(1)

  // Newest first: the first item is the one left for page 2.
  await edited.getByRole("button", { name: "Delete Robot vacuum" }).click()
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click()
  await expect(page.getByRole("row").filter({ hasText: "Robot vacuum" })).toHaveCount(0)
  // The page it was on is gone: back to the last one there is.
  await expect(page.getByTestId("items-page-status")).toHaveText("Page 1 of 1")
  await expect(page).toHaveURL(/\/items$/)
})

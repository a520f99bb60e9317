import type { Page } from "@playwright/test"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

const offerStatus = (page: Page) => page.getByTestId("offer-status")
const offerRow = (page: Page, username: string) =>
  page.getByTestId("offers-table").getByRole("row").filter({ hasText: username })

/** Accept `username`'s offer, confirming in the dialog that asks first. */
async function accept(page: Page, username: string) {
  await page.getByRole("button", { name: `Accept ${username}'s offer` }).click()
  await page
    .getByRole("dialog", { name: /^Accept .*'s offer\?$/ })
    .getByRole("button", { name: "Accept" })
    .click()
}

test("my cleanings: create, edit, delete, prices exact", async ({ pageAs, api }) => {
  const owner = await api.signup()
  const page = await pageAs(owner.token)
  await page.goto("/cleanings")
  await expect(page.getByText("You have not posted a cleaning yet.")).toBeVisible()

  await page.getByRole("button", { name: "New cleaning" }).click()
  const dialog = page.getByRole("dialog", { name: "New cleaning" })
  await dialog.getByLabel("Name").fill("Spring clean")
  await dialog.getByLabel("Description").fill("Three rooms")
  await dialog.getByLabel("Price").fill("19.99")
  await dialog.getByRole("combobox", { name: "Type" }).click()
  await page.getByRole("option", { name: "Full clean" }).click()
  await dialog.getByRole("button", { name: "Save" }).click()
  await expect(dialog).toBeHidden()
  const row = page.getByRole("row").filter({ hasText: "Spring clean" })
  await expect(row).toContainText("19.99")
  await expect(row).toContainText("Full clean")

  await row.getByRole("link", { name: "Spring clean" }).click()
  await expect(page.getByTestId("cleaning-price")).toHaveText("€19.99")
  await page.getByRole("button", { name: "Edit" }).click()
  const edit = page.getByRole("dialog", { name: "Edit cleaning" })
  await edit.getByLabel("Price").fill("0.1")
  await edit.getByRole("button", { name: "Save" }).click()
  await expect(page.getByTestId("cleaning-price")).toHaveText("€0.10")
  await page.goto("/cleanings")
  await expect(row).toContainText("0.10")
  // The feed shows the change and the price exactly.
  await page.goto("/feed")
  const event = page.getByTestId("people-feed").getByTestId("feed-item").first()
  await expect(event).toContainText("Spring clean")
  await expect(event.getByTestId("feed-event")).toHaveText("changed price")
  await expect(event.getByTestId("feed-price")).toHaveText("€0.10")

  await page.goto("/cleanings")
  await row.getByRole("button", { name: "Delete Spring clean" }).click()
  await page
    .getByRole("dialog", { name: "Delete cleaning" })
    .getByRole("button", { name: "Delete" })
    .click()
  await expect(page.getByText("You have not posted a cleaning yet.")).toBeVisible()
})

test("a price of 19.99 shows as €19.99 everywhere", async ({ pageAs, api }) => {
  const owner = await api.signup()
  const job = await api.post("/cleanings/", owner.token, {
    name: "Exact price job",
    price: "19.99",
  })
  const page = await pageAs(owner.token)
  await page.goto(`/cleanings/${job.id}`)
  await expect(page.getByTestId("cleaning-price")).toHaveText("€19.99")
  await page.goto("/cleanings")
  await expect(page.getByRole("row").filter({ hasText: "Exact price job" })).toContainText("€19.99")
  await page.goto(`/users/${owner.username}`)
  await expect(page.getByRole("row").filter({ hasText: "Exact price job" })).toContainText("€19.99")
  await page.goto("/feed")
  const item = page.getByTestId("people-feed").getByTestId("feed-item").first()
  await expect(item).toContainText("Exact price job")
  await expect(item.getByTestId("feed-price")).toHaveText("€19.99")
  await expect(item.getByTestId("feed-event")).toHaveText("posted")
})

test("offers: accept, reject, cancel, accept again, evaluate; the profile shows it", async ({
  pageAs,
  api,
}) => {
  const owner = await api.signup(undefined)
  const second = await api.signup()
  const third = await api.signup()
  const job = await api.post("/cleanings/", owner.token, {
    name: "Window washing",
    description: "Twelve windows, two floors",
    price: "80.00",
    cleaning_type: "full_clean",
  })
  const url = `/cleanings/${job.id}`

  const secondPage = await pageAs(second.token)
  await secondPage.goto(url)
  await expect(secondPage.getByText("You have not offered to do this job.")).toBeVisible()
  await secondPage.getByRole("button", { name: "Make an offer" }).click()
  await expect(offerStatus(secondPage)).toHaveText("pending")

  const thirdPage = await pageAs(third.token)
  await thirdPage.goto(url)
  await thirdPage.getByRole("button", { name: "Make an offer" }).click()
  await expect(offerStatus(thirdPage)).toHaveText("pending")

  const ownerPage = await pageAs(owner.token)
  await ownerPage.goto(url)
  await expect(offerRow(ownerPage, second.username)).toContainText("pending")
  await accept(ownerPage, second.username)
  await expect(offerRow(ownerPage, second.username)).toContainText("accepted")
  await expect(offerRow(ownerPage, second.username)).toContainText("80.00")
  await expect(offerRow(ownerPage, third.username)).toContainText("rejected")
  // The price is fixed once a cleaner is hired: the form does not offer it.
  await ownerPage.getByRole("button", { name: "Edit" }).click()
  const edit = ownerPage.getByRole("dialog", { name: "Edit cleaning" })
  await expect(edit.getByLabel("Price")).toBeDisabled()
  await expect(edit.getByText("Fixed once a cleaner is hired").first()).toBeVisible()
  await edit.getByRole("button", { name: "Cancel" }).click()

  await thirdPage.reload()
  await expect(offerStatus(thirdPage)).toHaveText("rejected")

  await secondPage.reload()
  await expect(offerStatus(secondPage)).toHaveText("accepted")
  await expect(secondPage.getByTestId("agreed-price")).toHaveText("Agreed price: €80.00")
  await secondPage.getByRole("button", { name: "Cancel the job" }).click()
  await secondPage
    .getByRole("dialog", { name: "Cancel this job?" })
    .getByRole("button", { name: "Cancel the job" })
    .click()
  await expect(offerStatus(secondPage)).toHaveText("cancelled")

  await thirdPage.reload()
  await expect(offerStatus(thirdPage)).toHaveText("pending")

  await ownerPage.reload()
  await expect(offerRow(ownerPage, second.username)).toContainText("cancelled")
  await accept(ownerPage, third.username)
  await expect(offerRow(ownerPage, third.username)).toContainText("accepted")
  await offerRow(ownerPage, third.username).getByRole("button", { name: "Evaluate" }).click()
  const evaluation = ownerPage.getByRole("dialog", { name: `Evaluate ${third.full_name}` })
  await evaluation.getByLabel("Overall rating (0-5)").fill("4")
  await evaluation.getByLabel("Professionalism").fill("5")
  await evaluation.getByLabel("Headline").fill("Spotless windows")
  await evaluation.getByRole("button", { name: "Submit evaluation" }).click()
  await expect(evaluation).toBeHidden()
  await expect(offerRow(ownerPage, third.username)).toContainText("completed")
  await screenshot(ownerPage, "cleaning")

  await offerRow(ownerPage, third.username).getByRole("link").click()
  await expect(ownerPage).toHaveURL(new RegExp(`/users/${third.username}$`))
  const stats = ownerPage.getByTestId("evaluation-stats")
  await expect(stats.getByTestId("evaluation-total")).toHaveText("1 evaluation, 0 no-shows")
  await expect(stats.getByLabel("Overall average")).toHaveText("4.00")
  await expect(stats.getByLabel("Professionalism average")).toHaveText("5.00")
  await expect(stats.getByTestId("stars-4")).toHaveText("1")
  await expect(stats.getByTestId("stars-5")).toHaveText("0")
  await screenshot(ownerPage, "profile")
})

test("a race lost shows the API's 409", async ({ pageAs, api }) => {
  const owner = await api.signup()
  const first = await api.signup()
  const other = await api.signup()
  const job = await api.post("/cleanings/", owner.token, { name: "Contested job", price: "30" })
  await api.post(`/cleanings/${job.id}/offers/`, first.token, {})
  await api.post(`/cleanings/${job.id}/offers/`, other.token, {})

  const page = await pageAs(owner.token)
  await page.goto(`/cleanings/${job.id}`)
  await expect(offerRow(page, first.username)).toContainText("pending")
  // Accepted elsewhere (another tab, another device) while this page still shows both pending.
  await api.post(`/cleanings/${job.id}/offers/${other.username}/accept`, owner.token, {})
  await accept(page, first.username)
  await expect(
    page.getByRole("alert").filter({ hasText: "already has an accepted offer" }),
  ).toBeVisible()
  // The page then shows how things stand.
  await expect(offerRow(page, other.username)).toContainText("accepted")
  await expect(offerRow(page, first.username)).toContainText("rejected")
})

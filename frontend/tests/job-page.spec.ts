import type { Page } from "@playwright/test"
import { expectLabelled } from "./support/a11y"
import { type Api, newUser, portraitPng } from "./support/api"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

const status = (page: Page) => page.getByTestId("job-status")
const nextStep = (page: Page) => page.getByTestId("next-step")
const contact = (page: Page) => page.getByTestId("contact-card")
const makeOffer = (page: Page) => page.getByRole("button", { name: "Make an offer" })

/** A user with a first name to address ("Carl 1a2b3c4d") and, if given, a phone number. */
async function person(api: Api, first: string, phone?: string) {
  const user = await api.signup(newUser(first.toLowerCase()))
  if (phone) await api.patch("/profiles/me", user.token, { phone_number: phone })
  return user
}

async function postJob(api: Api, token: string, name: string) {
  return api.post("/cleanings/", token, {
    name,
    price: "45.00",
    area: "Montmartre",
    scheduled_on: "2026-12-12",
  })
}

test("nobody else can offer on a hired or completed job, and sees where it stands", async ({
  pageAs,
  api,
}) => {
  const owner = await person(api, "Olivia")
  const carl = await person(api, "Carl")
  const third = await person(api, "Tess")
  const job = await postJob(api, owner.token, "Taken job")
  const open = await postJob(api, owner.token, "Open job")
  await api.post(`/cleanings/${open.id}/offers/`, carl.token, {})
  await api.post(`/cleanings/${job.id}/offers/`, carl.token, {})
  await api.post(`/cleanings/${job.id}/offers/${carl.username}/accept`, owner.token, {})

  const page = await pageAs(third.token)
  // An open job: the offer button is there, with what the job is, where, when, for how much.
  await page.goto(`/cleanings/${open.id}`)
  await expect(status(page)).toHaveText("Open · 1 offer")
  await expect(nextStep(page)).toHaveText("Make an offer to do this job.")
  await expect(makeOffer(page)).toBeVisible()
  await expect(page.getByTestId("cleaning-area")).toHaveText("Montmartre")
  const day = page.getByTestId("cleaning-date")
  await expect(day).toHaveAttribute("datetime", "2026-12-12")
  // The browser's locale writes it, with the weekday: "Sat, Dec 12, 2026" here.
  await expect(day).toHaveText(/Sat.*12.*2026/)
  await expect(page.getByTestId("cleaning-price")).toHaveText("€45.00")
  await expect(page).toHaveTitle("Open job · Spotless")

  await page.goto(`/cleanings/${job.id}`)
  await expect(status(page)).toHaveText("Hired")
  await expect(nextStep(page)).toHaveText("This job is taken.")
  await expect(makeOffer(page)).toHaveCount(0)
  await expect(contact(page)).toHaveCount(0)

  await api.post(`/users/${carl.username}/evaluations/${job.id}`, owner.token, {
    overall_rating: 5,
  })
  await page.reload()
  await expect(status(page)).toHaveText("Completed")
  await expect(nextStep(page)).toHaveText("This job is taken.")
  await expect(makeOffer(page)).toHaveCount(0)
  await expect(contact(page)).toHaveCount(0)

  // Nor on one's own job.
  const ownerPage = await pageAs(owner.token)
  await ownerPage.goto(`/cleanings/${open.id}`)
  await expect(nextStep(ownerPage)).toHaveText(
    "Accept the offer to hire this cleaner, or wait for more.",
  )
  await expect(makeOffer(ownerPage)).toHaveCount(0)
})

test("offer, accept after a confirmation, see each other's contact, cancel", async ({
  pageAs,
  api,
}) => {
  const owner = await person(api, "Olivia", "+33 1 23 45 67 89")
  await api.uploadPicture(owner.token, portraitPng(96, [176, 96, 128]))
  const carl = await person(api, "Carl", "+33 6 12 34 56 78")
  await api.uploadPicture(carl.token, portraitPng())
  const dana = await person(api, "Dana")
  const erin = await person(api, "Erin")
  const job = await postJob(api, owner.token, "Two-sided job")
  const url = `/cleanings/${job.id}`

  const carlPage = await pageAs(carl.token)
  await carlPage.goto(url)
  await expect(status(carlPage)).toHaveText("Open · no offers yet")
  await makeOffer(carlPage).click()
  await expect(nextStep(carlPage)).toHaveText("Waiting for the owner to choose.")
  await expect(status(carlPage)).toHaveText("Open · 1 offer")
  await expect(makeOffer(carlPage)).toHaveCount(0)
  await api.post(`/cleanings/${job.id}/offers/`, dana.token, {})
  await api.post(`/cleanings/${job.id}/offers/`, erin.token, {})

  // Dana takes hers back, after being asked.
  const danaPage = await pageAs(dana.token)
  await danaPage.goto(url)
  await danaPage.getByRole("button", { name: "Take back my offer" }).click()
  const takeBack = danaPage.getByRole("dialog", { name: "Take back your offer?" })
  await expect(takeBack.getByRole("button", { name: "Take back my offer" })).toBeFocused()
  await takeBack.getByRole("button", { name: "Take back my offer" }).click()
  await expect(takeBack).toBeHidden()
  await expect(makeOffer(danaPage)).toBeVisible()
  await api.post(`/cleanings/${job.id}/offers/`, dana.token, {})

  const ownerPage = await pageAs(owner.token)
  await ownerPage.goto(url)
  await expect(status(ownerPage)).toHaveText("Open · 3 offers")
  await expect(nextStep(ownerPage)).toHaveText(
    "Pick one offer to accept; the others will be declined.",
  )
  const carlRow = ownerPage.getByRole("row").filter({ hasText: carl.username })
  await expect(carlRow.locator("img")).toHaveAttribute("src", /\/profiles\/.+\/picture/)
  await ownerPage.getByRole("button", { name: `Accept ${carl.username}'s offer` }).click()
  const acceptDialog = ownerPage.getByRole("dialog", { name: "Accept Carl's offer?" })
  await expect(acceptDialog).toContainText("The 2 other offers will be declined.")
  await expect(acceptDialog.getByRole("button", { name: "Accept" })).toBeFocused()
  await expectLabelled(ownerPage)
  await acceptDialog.getByRole("button", { name: "Accept" }).click()
  await expect(acceptDialog).toBeHidden()
  await expect(status(ownerPage)).toHaveText(`Hired: ${carl.full_name}`)
  await expect(nextStep(ownerPage)).toHaveText(
    "Carl will do the job. When it's done, evaluate Carl to complete it.",
  )
  await expect(contact(ownerPage).getByTestId("contact-name")).toHaveText(carl.full_name)
  const carlPhone = contact(ownerPage).getByRole("link", { name: /\+33 6 12 34 56 78/ })
  await expect(carlPhone).toHaveAttribute("href", "tel:+33612345678")
  await expect(contact(ownerPage).locator("img")).toHaveAttribute("src", /\/picture/)

  // On a phone: the offers as cards, every action in view, no sideways scrolling.
  await ownerPage.setViewportSize({ width: 390, height: 844 })
  await expect(ownerPage.getByTestId("offers-cards")).toBeVisible()
  await expect(ownerPage.getByRole("button", { name: /^Evaluate/ })).toBeInViewport({ ratio: 1 })
  expect(await ownerPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    390,
  )

  await carlPage.reload()
  await expect(status(carlPage)).toHaveText("Hired: you")
  await expect(nextStep(carlPage)).toHaveText(
    "You're hired: contact the owner to arrange the visit. Cancelling reopens the job for others.",
  )
  await expect(contact(carlPage).getByTestId("contact-name")).toHaveText(owner.full_name)
  await expect(contact(carlPage).getByRole("link", { name: /\+33 1 23 45 67 89/ })).toHaveAttribute(
    "href",
    "tel:+33123456789",
  )
  await expect(
    contact(carlPage).getByRole("img", { name: `${owner.full_name}'s picture` }),
  ).toBeVisible()
  await expect(carlPage.getByTestId("agreed-price")).toHaveText("Agreed price: €45.00")
  await screenshot(carlPage, "job-hired-cleaner")

  // Dana, declined, neither sees a contact nor can offer.
  await danaPage.reload()
  await expect(nextStep(danaPage)).toHaveText("The owner chose another cleaner.")
  await expect(contact(danaPage)).toHaveCount(0)
  await expect(makeOffer(danaPage)).toHaveCount(0)

  await carlPage.getByRole("button", { name: "Cancel the job" }).click()
  const cancelDialog = carlPage.getByRole("dialog", { name: "Cancel this job?" })
  await expect(cancelDialog).toContainText("It reopens for other cleaners, and the owner is told.")
  await expect(cancelDialog.getByRole("button", { name: "Cancel the job" })).toBeFocused()
  await expectLabelled(carlPage)
  // Changing one's mind changes nothing.
  await cancelDialog.getByRole("button", { name: "Not now" }).click()
  await expect(cancelDialog).toBeHidden()
  await expect(status(carlPage)).toHaveText("Hired: you")
  await carlPage.getByRole("button", { name: "Cancel the job" }).click()
  await cancelDialog.getByRole("button", { name: "Cancel the job" }).click()
  await expect(cancelDialog).toBeHidden()
  await expect(status(carlPage)).toHaveText("Open · 2 offers")
  await expect(contact(carlPage)).toHaveCount(0)

  await ownerPage.reload()
  await expect(status(ownerPage)).toHaveText("Open · 2 offers")
  await expect(contact(ownerPage)).toHaveCount(0)
})

test("the owner evaluates, which completes the job; the cleaner sees the evaluation", async ({
  pageAs,
  api,
}) => {
  const owner = await person(api, "Olivia", "+44 20 7946 0001")
  const carl = await person(api, "Carl")
  const job = await postJob(api, owner.token, "Evaluated job")
  await api.post(`/cleanings/${job.id}/offers/`, carl.token, {})
  await api.post(`/cleanings/${job.id}/offers/${carl.username}/accept`, owner.token, {})
  const url = `/cleanings/${job.id}`

  const ownerPage = await pageAs(owner.token)
  await ownerPage.goto(url)
  // Carl gave no number: the card says so.
  await expect(contact(ownerPage).getByTestId("contact-phone")).toHaveText("No phone number given")
  await ownerPage.getByRole("button", { name: `Evaluate ${carl.full_name}` }).click()
  const dialog = ownerPage.getByRole("dialog", { name: `Evaluate ${carl.full_name}` })
  await expect(dialog).toContainText("Evaluating completes the job.")
  await expect(dialog.getByLabel("Overall rating (0-5)")).toBeFocused()
  await dialog.getByLabel("Overall rating (0-5)").fill("4")
  await dialog.getByLabel("Headline").fill("Sparkling kitchen")
  await dialog.getByLabel("Comment").fill("On time, and the oven looks new.")
  await dialog.getByRole("button", { name: "Submit evaluation" }).click()
  await expect(dialog).toBeHidden()
  await expect(status(ownerPage)).toHaveText("Completed")
  await expect(nextStep(ownerPage)).toHaveText("Done. You rated Carl 4/5.")

  const carlPage = await pageAs(carl.token)
  await carlPage.goto(url)
  await expect(status(carlPage)).toHaveText("Completed")
  await expect(nextStep(carlPage)).toHaveText("Completed: you were rated 4/5.")
  const evaluation = carlPage.getByTestId("evaluation")
  await expect(evaluation.getByRole("img", { name: "Rated 4 out of 5" })).toBeVisible()
  await expect(evaluation.getByTestId("evaluation-headline")).toHaveText("Sparkling kitchen")
  await expect(evaluation.getByTestId("evaluation-comment")).toHaveText(
    "On time, and the oven looks new.",
  )
  // The parties still see each other's contact once the job is done.
  await expect(contact(carlPage).getByRole("link", { name: /\+44 20 7946 0001/ })).toBeVisible()
})

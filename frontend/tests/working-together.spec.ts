import type { Page } from "@playwright/test"
import { expectLabelled } from "./support/a11y"
import { type Api, newUser } from "./support/api"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

// The bell asks every 5 s: a new notification shows well within this, without a reload.
const BELL = { timeout: 15_000 }

const bell = (page: Page) => page.getByRole("button", { name: /^Notifications,/ })
const popover = (page: Page) => page.getByTestId("notifications-popover")
const myOffer = (page: Page, job: string) => page.getByTestId("my-offer").filter({ hasText: job })

async function people(api: Api) {
  // Real-looking names: the screenshots show their initials.
  const owner = await api.signup({ ...newUser("olga"), full_name: "Olga Martin" })
  const cleaner = await api.signup({ ...newUser("carl"), full_name: "Carl Berg" })
  return { owner, cleaner }
}

const job = (api: Api, token: string, name: string, price = "80.00") =>
  api.post("/cleanings/", token, { name, price })

/** A picture drawn by the browser: a teal figure on light teal, as a PNG. */
async function drawPicture(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas")
    canvas.width = canvas.height = 128
    const g = canvas.getContext("2d") as CanvasRenderingContext2D
    g.fillStyle = "#c3fae8"
    g.fillRect(0, 0, 128, 128)
    g.fillStyle = "#0ca678"
    g.beginPath()
    g.arc(64, 52, 30, 0, 2 * Math.PI)
    g.fill()
    g.fillRect(24, 92, 80, 36)
    return canvas.toDataURL("image/png")
  })
  return Buffer.from(dataUrl.split(",")[1], "base64")
}

const naturalWidth = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator("img")
    .evaluate((img) => (img as HTMLImageElement).naturalWidth)

test("an offer rings the owner's bell without a reload; opening it shows the job and reads it", async ({
  pageAs,
  api,
}) => {
  const { owner, cleaner } = await people(api)
  const attic = await job(api, owner.token, "Attic")
  const page = await pageAs(owner.token)
  await page.goto("/")
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread")

  await api.post(`/cleanings/${attic.id}/offers/`, cleaner.token, {})
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread", BELL)
  await expect(page.getByTestId("unread-count")).toHaveText("1")

  await bell(page).click()
  const item = popover(page).getByTestId("notification")
  await expect(item).toHaveCount(1)
  await expect(item).toContainText(`${cleaner.full_name} offered to do “Attic”`)
  await expect(item).toHaveAttribute("data-unread", "true")
  await expect(item.getByText("Unread")).toBeAttached()
  await screenshot(page, "notifications", false)

  await item.click()
  await expect(page).toHaveURL(new RegExp(`/cleanings/${attic.id}$`))
  await expect(popover(page)).toBeHidden()
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread")

  // The page lists them all; the one opened is read, a new one is not, "Mark all as read".
  const second = await api.signup({ ...newUser("nina"), full_name: "Nina Okafor" })
  await api.post(`/cleanings/${attic.id}/offers/`, second.token, {})
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread", BELL)
  await page.goto("/notifications")
  const items = page.getByTestId("notification")
  await expect(items).toHaveCount(2)
  await expect(items.first()).toContainText(`${second.full_name} offered to do “Attic”`)
  await expect(items.first()).toHaveAttribute("data-unread", "true")
  await expect(items.nth(1)).toHaveAttribute("data-unread", "false")
  await page.getByRole("button", { name: "Mark all as read" }).click()
  await expect(items.first()).toHaveAttribute("data-unread", "false")
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread")
  const count = await api.get("/notifications/unread-count", owner.token)
  expect(count.count).toBe(0)
})

test("hired: the cleaner's bell and My work say so, with the owner's phone", async ({
  pageAs,
  api,
}) => {
  const { owner, cleaner } = await people(api)
  await api.patch("/profiles/me", owner.token, { phone_number: "+33 6 12 34 56 78" })
  const attic = await job(api, owner.token, "Attic", "95.50")
  await api.post(`/cleanings/${attic.id}/offers/`, cleaner.token, {})

  const page = await pageAs(cleaner.token)
  await page.goto("/my-work")
  const card = myOffer(page, "Attic")
  await expect(card.getByTestId("next-step")).toHaveText("Waiting for the owner")
  await expect(card.getByTestId("owner-phone")).toHaveCount(0)

  await api.post(`/cleanings/${attic.id}/offers/${cleaner.username}/accept`, owner.token, {})
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread", BELL)
  await bell(page).click()
  await expect(popover(page).getByTestId("notification")).toContainText(
    `${owner.full_name} accepted your offer for “Attic”`,
  )
  await page.keyboard.press("Escape")
  await expect(popover(page)).toBeHidden()
  // The page under the bell caught up too, without a reload.
  await expect(card.getByTestId("next-step")).toHaveText("Hired: contact the owner")
  await expect(card.getByTestId("my-offer-status")).toHaveText("Accepted")
  await expect(card.getByTestId("agreed-price")).toHaveText("€95.50")
  await expect(card.getByTestId("job-price")).toHaveText("€95.50")
  const phone = card.getByRole("link", { name: "+33 6 12 34 56 78" })
  await expect(phone).toHaveAttribute("href", "tel:+33612345678")
  await expect(card.getByRole("link", { name: "Attic" })).toHaveAttribute(
    "href",
    `/cleanings/${attic.id}`,
  )
  await expect(card.getByRole("link", { name: owner.full_name })).toHaveAttribute(
    "href",
    `/users/${owner.username}`,
  )
})

test("My work: every state says what comes next, filtered and paged on the server", async ({
  pageAs,
  api,
}) => {
  const { owner, cleaner } = await people(api)
  const rival = await api.signup(newUser("rita"))
  await api.patch("/profiles/me", owner.token, { phone_number: "+44 20 7946 0000" })
  // Older offers first: newest first puts the interesting ones on top of page 1.
  for (let i = 1; i <= 6; i++) {
    const older = await job(api, owner.token, `Older job ${i}`, "20.00")
    await api.post(`/cleanings/${older.id}/offers/`, cleaner.token, {})
  }
  const states = {
    rejected: await job(api, owner.token, "Garden shed", "40.00"),
    cancelled: await job(api, owner.token, "Basement", "55.00"),
    completed: await job(api, owner.token, "Kitchen deep clean", "120.00"),
    accepted: await job(api, owner.token, "Attic", "95.50"),
    pending: await job(api, owner.token, "Windows", "60.00"),
  }
  for (const j of Object.values(states)) {
    await api.post(`/cleanings/${j.id}/offers/`, cleaner.token, {})
  }
  await api.post(`/cleanings/${states.rejected.id}/offers/`, rival.token, {})
  await api.post(
    `/cleanings/${states.rejected.id}/offers/${rival.username}/accept`,
    owner.token,
    {},
  )
  await api.post(
    `/cleanings/${states.cancelled.id}/offers/${cleaner.username}/accept`,
    owner.token,
    {},
  )
  await api.post(`/cleanings/${states.cancelled.id}/offers/mine/cancel`, cleaner.token, {})
  await api.post(
    `/cleanings/${states.completed.id}/offers/${cleaner.username}/accept`,
    owner.token,
    {},
  )
  await api.post(`/users/${cleaner.username}/evaluations/${states.completed.id}`, owner.token, {
    overall_rating: 4,
    headline: "Sparkling",
  })
  await api.post(
    `/cleanings/${states.accepted.id}/offers/${cleaner.username}/accept`,
    owner.token,
    {},
  )

  const page = await pageAs(cleaner.token)
  await page.goto("/")
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "My work" })
    .click()
  await expect(page).toHaveURL(/\/my-work$/)
  await expect(page.getByTestId("my-offers-count")).toHaveText("11 offers")
  await expect(page.getByTestId("my-offer")).toHaveCount(10)
  await expect(page.getByTestId("offers-page-status")).toHaveText("Page 1 of 2")
  const next = (name: string) => myOffer(page, name).getByTestId("next-step")
  await expect(next("Windows")).toHaveText("Waiting for the owner")
  await expect(next("Attic")).toHaveText("Hired: contact the owner")
  await expect(next("Kitchen deep clean")).toHaveText("Completed: rated 4/5")
  await expect(next("Basement")).toHaveText("You cancelled")
  await expect(next("Garden shed")).toHaveText("Not chosen")
  await expect(myOffer(page, "Attic").getByTestId("owner-phone")).toHaveText("+44 20 7946 0000")
  // The phone is the hired cleaner's to see only: not on a job they were not chosen for.
  await expect(myOffer(page, "Garden shed").getByTestId("owner-phone")).toHaveCount(0)
  await screenshot(page, "my-work")

  await page.getByRole("button", { name: "Next" }).click()
  await expect(page).toHaveURL(/\/my-work\?page=2$/)
  await expect(page.getByTestId("offers-page-status")).toHaveText("Page 2 of 2")
  await expect(page.getByTestId("my-offer")).toHaveCount(1)
  await expect(page.getByTestId("my-offer")).toContainText("Older job 1")

  await page.getByLabel("Show").selectOption("completed")
  await expect(page).toHaveURL(/\/my-work\?status=completed$/)
  await expect(page.getByTestId("my-offer")).toHaveCount(1)
  await expect(next("Kitchen deep clean")).toHaveText("Completed: rated 4/5")
  await page.reload()
  await expect(page.getByLabel("Show")).toHaveValue("completed")
  await expect(page.getByTestId("my-offer")).toHaveCount(1)

  // On a phone: cards, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto("/my-work")
  await expect(page.getByTestId("my-offer")).toHaveCount(10)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
})

test("no offers yet: My work points to Find work", async ({ pageAs, api }) => {
  const cleaner = await api.signup(newUser("carl"))
  const page = await pageAs(cleaner.token)
  await page.goto("/my-work")
  await expect(page.getByText("You have not offered to do a job yet.")).toBeVisible()
  await expect(page.getByRole("link", { name: "Find work" }).last()).toHaveAttribute(
    "href",
    "/find-work",
  )
})

test("reviews and pictures: the profile lists the evaluation; the picture shows in the header and profile", async ({
  pageAs,
  api,
}) => {
  const { owner, cleaner } = await people(api)
  const attic = await job(api, owner.token, "Attic")
  await api.post(`/cleanings/${attic.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${attic.id}/offers/${cleaner.username}/accept`, owner.token, {})
  await api.post(`/users/${cleaner.username}/evaluations/${attic.id}`, owner.token, {
    overall_rating: 4,
    professionalism: 5,
    completeness: 4,
    efficiency: 3,
    headline: "Spotless attic",
    comment: "Carl cleared every corner and left it tidy.",
  })
  const page = await pageAs(cleaner.token)
  await page.goto("/")
  await api.uploadPicture(cleaner.token, await drawPicture(page))
  await page.reload()

  // The header: picture and name, linking to my own profile.
  await expect.poll(() => naturalWidth(page, "header-avatar")).toBeGreaterThan(0)
  await page.getByTestId("my-profile-link").click()
  await expect(page).toHaveURL(new RegExp(`/users/${cleaner.username}$`))
  await expect(page.getByRole("img", { name: `Picture of ${cleaner.full_name}` })).toBeVisible()
  await expect.poll(() => naturalWidth(page, "profile-avatar")).toBeGreaterThan(0)

  const review = page.getByTestId("reviews").getByTestId("review")
  await expect(review).toHaveCount(1)
  await expect(review.getByRole("img", { name: "4 out of 5 stars" })).toBeVisible()
  await expect(review).toContainText("Spotless attic")
  await expect(review).toContainText("Carl cleared every corner and left it tidy.")
  await expect(review).toContainText("Professionalism 5/5 · Completeness 4/5 · Efficiency 3/5")
  // The job by the name it had, and who wrote the review.
  await expect(review.getByRole("link", { name: attic.name })).toHaveAttribute(
    "href",
    `/cleanings/${attic.id}`,
  )
  await expect(review.getByRole("link", { name: "Olga Martin" })).toHaveAttribute(
    "href",
    `/users/${owner.username}`,
  )
  await expect(review).not.toContainText("No-show")
  await expect(page.getByTestId("reviews-page-status")).toHaveText("Page 1 of 1")
  await screenshot(page, "profile-reviews")

  // The cleaner was told, too.
  await bell(page).click()
  await expect(popover(page).getByTestId("notification").first()).toContainText(
    `${owner.full_name} rated your work on “Attic”`,
  )
})

test("reviews page on the server, newest first, a no-show flagged", async ({ pageAs, api }) => {
  const { owner, cleaner } = await people(api)
  for (let i = 1; i <= 6; i++) {
    const j = await job(api, owner.token, `Job ${i}`)
    await api.post(`/cleanings/${j.id}/offers/`, cleaner.token, {})
    await api.post(`/cleanings/${j.id}/offers/${cleaner.username}/accept`, owner.token, {})
    await api.post(`/users/${cleaner.username}/evaluations/${j.id}`, owner.token, {
      overall_rating: i === 1 ? 0 : 5,
      no_show: i === 1,
      headline: `Review ${i}`,
    })
  }
  const page = await pageAs(owner.token)
  await page.goto(`/users/${cleaner.username}`)
  const reviews = page.getByTestId("reviews")
  await expect(reviews.getByTestId("review")).toHaveCount(5)
  await expect(reviews.getByTestId("review").first()).toContainText("Review 6")
  await expect(page.getByTestId("reviews-page-status")).toHaveText("Page 1 of 2")
  await reviews.getByRole("button", { name: "Next" }).click()
  await expect(page).toHaveURL(/\?reviews=2$/)
  await expect(reviews.getByTestId("review")).toHaveCount(1)
  await expect(reviews.getByTestId("review")).toContainText("Review 1")
  await expect(reviews.getByTestId("review")).toContainText("No-show")
  await expect(reviews.getByRole("img", { name: "0 out of 5 stars" })).toBeVisible()
})

test("settings: the mail switch is the profile's notification_mails", async ({ pageAs, api }) => {
  const user = await api.signup()
  const page = await pageAs(user.token)
  await page.goto("/settings")
  const toggle = page.getByRole("switch", { name: "Mail me my notifications" })
  await expect(toggle).toBeChecked()
  await toggle.click({ force: true })
  await expect(page.getByText("Notifications will not be mailed to you")).toBeVisible()
  await expect(toggle).not.toBeChecked()
  expect((await api.get("/profiles/me", user.token)).notification_mails).toBe(false)
  await page.reload()
  await expect(page.getByRole("switch", { name: "Mail me my notifications" })).not.toBeChecked()
})

test("the new pages and the bell: labelled, and they fit a phone", async ({ pageAs, api }) => {
  const { owner, cleaner } = await people(api)
  const attic = await job(api, owner.token, "Attic with a rather long name for a small screen")
  await api.post(`/cleanings/${attic.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${attic.id}/offers/${cleaner.username}/accept`, owner.token, {})
  const page = await pageAs(cleaner.token)
  const fits = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()?.width ?? 0,
    )
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 })
    await page.goto("/my-work")
    await expect(page.getByTestId("my-offer")).toHaveCount(1)
    await expectLabelled(page)
    await fits()
    await bell(page).click()
    await expect(popover(page).getByTestId("notification")).toHaveCount(1)
    await expectLabelled(page)
    await fits()
    await page.keyboard.press("Escape")
    await page.goto("/notifications")
    await expect(page.getByTestId("notification")).toHaveCount(1)
    await expectLabelled(page)
    await fits()
    await page.goto(`/users/${cleaner.username}`)
    await expect(page.getByTestId("reviews")).toContainText("No reviews yet.")
    await expectLabelled(page)
    await fits()
  }
})

import type { Page } from "@playwright/test"
import { ADMIN, type Api, newUser, portraitPng } from "./support/api"
import { ALL_VIEWS, axeViolations, showView, type View } from "./support/axe"
import { expect, test } from "./support/fixtures"

// axe-core (WCAG 2.0/2.1 A and AA, and its best practices) on every page and every dialog, at
// desktop and phone widths, in the light and the dark scheme: no violation of any impact.
// No rule is switched off.

test.describe.configure({ timeout: 300_000 })

type Step = { where: string; go: (page: Page) => Promise<void>; closes?: boolean }

/** Run every step at every view and collect what axe finds; none expected. */
async function audit(page: Page, steps: Step[]) {
  const found: string[] = []
  for (const view of ALL_VIEWS) {
    await showView(page, view)
    for (const step of steps) {
      await step.go(page)
      found.push(...(await axeViolations(page, `${step.where} @${label(view)}`)))
      // A dialog or popover closes with Escape, back to the page it opened on.
      if (step.closes) {
        await page.keyboard.press("Escape")
        await expect(page.getByRole("dialog")).toHaveCount(0)
      }
    }
  }
  expect(found, found.join("\n")).toEqual([])
}

const label = (view: View) => `${view.name}/${view.scheme}`

/** Open `path` and wait for `ready` (text, or a test id with `#`). */
const visit = (path: string, ready: string) => async (page: Page) => {
  await page.goto(path)
  await expect(
    ready.startsWith("#")
      ? page.getByTestId(ready.slice(1)).first()
      : page.getByText(ready).first(),
  ).toBeVisible()
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", /light|dark/)
}

/** Click the button named `name` and wait for its dialog. */
const dialog = (name: string | RegExp) => async (page: Page) => {
  await page.getByRole("button", { name }).first().click()
  await expect(page.getByRole("dialog")).toBeVisible()
}

test("signed out: log in, sign up, recovery, reset, not found", async ({ page }) => {
  await audit(page, [
    { where: "login", go: visit("/login", "Log in") },
    { where: "signup", go: visit("/signup", "Create an account") },
    { where: "recover", go: visit("/recover-password", "Password recovery") },
    { where: "reset", go: visit("/reset-password?token=x", "Reset your password") },
    { where: "not found", go: visit("/no-such-page", "Page not found") },
  ])
})

/** An owner with an open job (two offers), a hired one, and an item. */
async function seedOwner(api: Api) {
  const owner = await api.signup(newUser("owner"))
  const cleaner = await api.signup(newUser("cleaner"))
  const other = await api.signup(newUser("other"))
  await api.uploadPicture(cleaner.token, portraitPng())
  const open = await api.post("/cleanings/", owner.token, {
    name: "Windows on the third floor",
    price: "45.00",
    area: "Montmartre",
    scheduled_on: "2026-12-12",
  })
  const hired = await api.post("/cleanings/", owner.token, { name: "Oven", price: "30" })
  for (const who of [cleaner, other]) await api.post(`/cleanings/${open.id}/offers/`, who.token, {})
  await api.post(`/cleanings/${hired.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${hired.id}/offers/${cleaner.username}/accept`, owner.token, {})
  await api.post("/items/", owner.token, { title: "A bucket", description: "Blue" })
  return { owner, cleaner, open, hired }
}

test("an owner's pages", async ({ api, pageAs }) => {
  const { owner, cleaner } = await seedOwner(api)
  const page = await pageAs(owner.token)
  await audit(page, [
    { where: "dashboard", go: visit("/", "Welcome back") },
    { where: "find work", go: visit("/find-work?status=any", "#search-count") },
    { where: "notifications", go: visit("/notifications", "Mark all as read") },
    {
      where: "bell",
      closes: true,
      go: async (p) => {
        await p.getByRole("button", { name: /^Notifications,/ }).click()
        await expect(p.getByTestId("notifications-popover")).toBeVisible()
        await expect(p.getByText("See all notifications")).toBeVisible()
      },
    },
    { where: "feed", go: visit("/feed", "Windows on the third floor") },
    { where: "profile", go: visit(`/users/${cleaner.username}`, "Jobs posted") },
    { where: "settings", go: visit("/settings", "Public profile") },
    {
      where: "settings password",
      go: async (p) => {
        await p.getByRole("tab", { name: "Password" }).click()
        await expect(p.getByLabel("Current password")).toBeVisible()
      },
    },
    {
      where: "settings danger",
      go: async (p) => {
        await p.getByRole("tab", { name: "Danger zone" }).click()
        await expect(p.getByRole("button", { name: "Delete my account" })).toBeVisible()
      },
    },
    { where: "delete account dialog", closes: true, go: dialog("Delete my account") },
    { where: "not found", go: visit("/no-such-page", "Page not found") },
  ])
})

test("an owner's jobs, items and their dialogs", async ({ api, pageAs }) => {
  const { owner, open, hired } = await seedOwner(api)
  const page = await pageAs(owner.token)
  await audit(page, [
    { where: "my cleanings", go: visit("/cleanings", "Windows on the third floor") },
    { where: "new cleaning", closes: true, go: dialog("New cleaning") },
    { where: "edit cleaning", closes: true, go: dialog("Edit Windows on the third floor") },
    { where: "delete cleaning", closes: true, go: dialog("Delete Oven") },
    { where: "job with offers", go: visit(`/cleanings/${open.id}`, "Offers") },
    { where: "accept dialog", closes: true, go: dialog(/^Accept .*'s offer$/) },
    { where: "edit job", closes: true, go: dialog("Edit") },
    { where: "hired job", go: visit(`/cleanings/${hired.id}`, "Your cleaner") },
    { where: "evaluate dialog", closes: true, go: dialog(/^Evaluate /) },
    { where: "items", go: visit("/items", "A bucket") },
    { where: "add item", closes: true, go: dialog("Add item") },
    { where: "delete item", closes: true, go: dialog("Delete A bucket") },
  ])
})

test("a cleaner's and another user's pages and dialogs", async ({ api, pageAs }) => {
  const owner = await api.signup(newUser("owner"))
  const cleaner = await api.signup(newUser("cleaner"))
  const stranger = await api.signup(newUser("stranger"))
  await api.patch("/profiles/me", owner.token, { phone_number: "+33 6 12 34 56 78" })
  const open = await api.post("/cleanings/", owner.token, { name: "Stairs", price: "25" })
  const taken = await api.post("/cleanings/", owner.token, { name: "Garage", price: "60" })
  const done = await api.post("/cleanings/", owner.token, { name: "Attic", price: "80" })
  for (const job of [open, taken, done])
    await api.post(`/cleanings/${job.id}/offers/`, cleaner.token, {})
  for (const job of [taken, done])
    await api.post(`/cleanings/${job.id}/offers/${cleaner.username}/accept`, owner.token, {})
  await api.post(`/users/${cleaner.username}/evaluations/${done.id}`, owner.token, {
    overall_rating: 4,
    headline: "Spotless",
  })
  await api.post(`/cleanings/${open.id}/offers/`, stranger.token, {})
  const other = await api.post("/cleanings/", owner.token, { name: "Balcony", price: "20" })

  const cleanerPage = await pageAs(cleaner.token)
  await audit(cleanerPage, [
    { where: "my work", go: visit("/my-work", "Garage") },
    { where: "hired cleaner's job", go: visit(`/cleanings/${taken.id}`, "The owner") },
    { where: "cancel dialog", closes: true, go: dialog("Cancel the job") },
    { where: "completed job", go: visit(`/cleanings/${done.id}`, "Your evaluation") },
    { where: "own profile", go: visit(`/users/${cleaner.username}`, "Spotless") },
  ])
  const strangerPage = await pageAs(stranger.token)
  await audit(strangerPage, [
    { where: "open job", go: visit(`/cleanings/${other.id}`, "Make an offer") },
    { where: "pending offer", go: visit(`/cleanings/${open.id}`, "Take back my offer") },
    { where: "take back dialog", closes: true, go: dialog("Take back my offer") },
  ])
})

test("the admin's pages and dialogs", async ({ api, pageAs }) => {
  const token = await api.token(ADMIN.email, ADMIN.password)
  await api.signup(newUser("listed"))
  await api.post("/items/", token, { title: "Admin's mop" })
  const page = await pageAs(token)
  await audit(page, [
    { where: "admin", go: visit("/admin", "Add user") },
    { where: "add user", closes: true, go: dialog("Add user") },
    { where: "edit user", closes: true, go: dialog(/^Edit /) },
    { where: "delete user", closes: true, go: dialog(/^Delete /) },
    { where: "items", go: visit("/items", "Admin's mop") },
    { where: "edit item", closes: true, go: dialog("Edit Admin's mop") },
  ])
})

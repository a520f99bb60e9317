import type { Locator, Page } from "@playwright/test"
import { newUser } from "./support/api"
import { expect, test } from "./support/fixtures"

/** Press Tab until `target` has focus (the keyboard only, as a person would). */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
    await page.keyboard.press("Tab")
  }
  await expect(target).toBeFocused()
}

test("sign up, post a job and make an offer with the keyboard alone", async ({
  page,
  api,
  pageAs,
}) => {
  const me = newUser("keys")
  await page.goto("/signup")
  await expect(page.getByLabel("Email")).toBeVisible()
  // The first stop of Tab: "Skip to content", which moves focus to the main landmark.
  await page.keyboard.press("Tab")
  const skip = page.getByRole("link", { name: "Skip to content" })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press("Enter")
  await expect(page.getByRole("main")).toBeFocused()

  await tabTo(page, page.getByLabel("Email"))
  await page.keyboard.type(me.email)
  await tabTo(page, page.getByLabel("Username"))
  await page.keyboard.type(me.username)
  await tabTo(page, page.getByLabel("Full name"))
  await page.keyboard.type(me.full_name)
  await tabTo(page, page.getByLabel("Password", { exact: true }))
  await page.keyboard.type(me.password)
  await tabTo(page, page.getByLabel("Confirm password"))
  await page.keyboard.type(me.password)
  await page.keyboard.press("Enter")
  await expect(page.getByRole("heading", { name: /Hi,/ })).toBeVisible()
  await expect(page).toHaveTitle("Dashboard · Spotless")

  // The colour scheme toggle: a named button that says whether it is pressed.
  const toggle = page.getByRole("button", { name: "Dark colour scheme" })
  const html = page.locator("html")
  const before = await html.getAttribute("data-mantine-color-scheme")
  await tabTo(page, toggle)
  await page.keyboard.press("Space")
  const after = before === "dark" ? "light" : "dark"
  await expect(html).toHaveAttribute("data-mantine-color-scheme", after)
  await expect(toggle).toHaveAttribute("aria-pressed", String(after === "dark"))
  await page.keyboard.press("Space")
  await expect(html).toHaveAttribute("data-mantine-color-scheme", before ?? "light")

  // Post a job: the dialog starts on its first field and gives focus back when it closes.
  const menu = (p: Page) => p.getByRole("navigation", { name: "Main" })
  await tabTo(page, menu(page).getByRole("link", { name: "My cleanings" }))
  await page.keyboard.press("Enter")
  await expect(page).toHaveTitle("My cleanings · Spotless")
  const newCleaning = page.getByRole("button", { name: "New cleaning" })
  await tabTo(page, newCleaning)
  await page.keyboard.press("Enter")
  const dialog = page.getByRole("dialog", { name: "New cleaning" })
  await expect(dialog.getByLabel("Name")).toBeFocused()
  await page.keyboard.type("Keyboard job")
  await tabTo(page, dialog.getByLabel("Price"))
  await page.keyboard.type("42.50")
  await page.keyboard.press("Enter")
  await expect(dialog).toBeHidden()
  await expect(newCleaning).toBeFocused()
  await expect(page.getByRole("link", { name: "Keyboard job" })).toBeVisible()

  // Another user finds it and offers, keyboard only; the toast is announced (a status).
  const other = await api.signup(newUser("offerer"))
  const theirs = await pageAs(other.token)
  await theirs.goto("/")
  await tabTo(theirs, menu(theirs).getByRole("link", { name: "Find work" }))
  await theirs.keyboard.press("Enter")
  await expect(theirs).toHaveTitle("Find work · Spotless")
  const job = theirs.getByRole("link", { name: "Keyboard job" })
  await expect(job).toBeVisible()
  await tabTo(theirs, job, 120)
  await theirs.keyboard.press("Enter")
  await expect(theirs).toHaveTitle("Keyboard job · Spotless")
  const offer = theirs.getByRole("button", { name: "Make an offer" })
  await tabTo(theirs, offer)
  await theirs.keyboard.press("Enter")
  await expect(theirs.getByRole("status").filter({ hasText: "Offer sent" })).toBeVisible()
  await expect(theirs.getByTestId("offer-status")).toHaveText("pending")

  // Taking it back asks first: the dialog traps focus and gives it back.
  const takeBack = theirs.getByRole("button", { name: "Take back my offer" })
  await tabTo(theirs, takeBack)
  await theirs.keyboard.press("Enter")
  const ask = theirs.getByRole("dialog", { name: "Take back your offer?" })
  await expect(ask.getByRole("button", { name: "Take back my offer" })).toBeFocused()
  await theirs.keyboard.press("Escape")
  await expect(ask).toBeHidden()
  await expect(takeBack).toBeFocused()
})

test("every page has its own title and one main landmark", async ({ page, api, pageAs }) => {
  for (const [path, title] of [
    ["/login", "Log in · Spotless"],
    ["/signup", "Sign up · Spotless"],
    ["/recover-password", "Password recovery · Spotless"],
    ["/reset-password?token=x", "Reset your password · Spotless"],
    ["/no-such-page", "Page not found · Spotless"],
  ]) {
    await page.goto(path)
    await expect(page).toHaveTitle(title)
    await expect(page.getByRole("main")).toHaveCount(1)
  }
  const me = await api.signup(newUser("titled"))
  const job = await api.post("/cleanings/", me.token, { name: "Titled job", price: "10" })
  const signedIn = await pageAs(me.token)
  for (const [path, title] of [
    ["/", "Dashboard · Spotless"],
    ["/find-work", "Find work · Spotless"],
    ["/feed", "Activity feed · Spotless"],
    ["/cleanings", "My cleanings · Spotless"],
    [`/cleanings/${job.id}`, "Titled job · Spotless"],
    ["/my-work", "My work · Spotless"],
    ["/notifications", "Notifications · Spotless"],
    [`/users/${me.username}`, `${me.full_name} · Spotless`],
    ["/settings", "Settings · Spotless"],
    ["/items", "Items · Spotless"],
    ["/no-such-page", "Page not found · Spotless"],
  ]) {
    await signedIn.goto(path)
    await expect(signedIn).toHaveTitle(title)
    await expect(signedIn.getByRole("main")).toHaveCount(1)
  }
})

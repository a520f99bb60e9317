import type { Page } from "@playwright/test"
import { ADMIN, newUser } from "./support/api"
import { expect, test } from "./support/fixtures"

const PHONE = { width: 390, height: 844 }

/**
 * What sticks out of a 390 px screen: every visible button and link (outside the closed,
 * inert menu) must lie inside it horizontally, and the page must not scroll sideways.
 */
async function outside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width)
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`)
    for (const el of document.querySelectorAll("a[href], button, [role=button]")) {
      if (el.closest("[inert]") || !el.checkVisibility({ visibilityProperty: true })) continue
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0) continue
      if (el.classList.contains("skip-link")) continue // off screen until focused, on purpose
      if (box.left < 0 || box.right > width)
        problems.push(
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}" at ${Math.round(box.left)}..${Math.round(box.right)}`,
        )
    }
    return problems
  })
}

test("on a 390 px phone every list keeps its buttons and links on screen", async ({
  api,
  pageAs,
}) => {
  const owner = await api.signup(newUser("phone-owner"))
  const cleaner = await api.signup(newUser("phone-cleaner"))
  const long = "A rather long job name that could push things off a small screen"
  const job = await api.post("/cleanings/", owner.token, {
    name: long,
    price: "123456.78",
    area: "Saint-Germain-des-Prés, near the river",
    scheduled_on: "2026-12-12",
  })
  const other = await api.post("/cleanings/", cleaner.token, { name: "Cleaner's own", price: "9" })
  await api.post(`/cleanings/${job.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${other.id}/offers/`, owner.token, {})
  await api.post("/items/", owner.token, { title: "Bucket", description: long })
  const adminToken = await api.token(ADMIN.email, ADMIN.password)

  const check = async (page: Page, path: string, ready: (page: Page) => Promise<void>) => {
    await page.goto(path)
    await ready(page)
    expect(await outside(page), `${path} at 390 px`).toEqual([])
  }
  const text = (t: string) => async (page: Page) => {
    await expect(page.getByText(t).first()).toBeVisible()
  }

  const page = await pageAs(owner.token)
  await page.setViewportSize(PHONE)
  await check(page, "/find-work?status=any", text("Cleaner's own"))
  await check(page, "/cleanings", async (p) => {
    await expect(p.getByTestId("cleanings-cards")).toBeVisible()
  })
  await check(page, "/my-work", text("Cleaner's own"))
  await check(page, "/notifications", text("Mark all as read"))
  await check(page, "/feed", text(long))
  await check(page, "/items", async (p) => {
    await expect(p.getByTestId("items-cards")).toBeVisible()
  })
  await check(page, `/cleanings/${job.id}`, async (p) => {
    await expect(p.getByTestId("offers-cards")).toBeVisible()
    await expect(p.getByRole("button", { name: /^Accept/ })).toBeVisible()
  })
  // The menu, opened, fits too.
  await page.getByRole("button", { name: "Toggle navigation" }).click()
  await expect(page.getByRole("link", { name: "Find work" })).toBeInViewport()
  // The menu slides in: measured once it has arrived (a menu stuck off screen still fails).
  await expect.poll(() => outside(page)).toEqual([])

  const admin = await pageAs(adminToken)
  await admin.setViewportSize(PHONE)
  await check(admin, "/admin", async (p) => {
    await expect(p.getByTestId("users-cards")).toBeVisible()
    await expect(p.getByRole("button", { name: "Add user" })).toBeInViewport()
  })
})

import type { Page } from "@playwright/test"
import { newUser } from "./support/api"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

/** The scheme the page had when its <body> began: what the first paint shows. */
async function schemeAtFirstPaint(page: Page) {
  return page.evaluate(() => (window as unknown as { firstPaintScheme?: string }).firstPaintScheme)
}

test("light or dark: the system's by default, the toggle's once chosen, never a flash", async ({
  page,
  api,
  pageAs,
}) => {
  const html = page.locator("html")
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return
      ;(window as unknown as { firstPaintScheme?: string }).firstPaintScheme =
        document.documentElement.getAttribute("data-mantine-color-scheme") ?? "none"
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })
  await page.emulateMedia({ colorScheme: "dark" })
  await page.goto("/login")
  await expect(html).toHaveAttribute("data-mantine-color-scheme", "dark")
  expect(await schemeAtFirstPaint(page)).toBe("dark")
  await page.emulateMedia({ colorScheme: "light" })
  await page.reload()
  await expect(html).toHaveAttribute("data-mantine-color-scheme", "light")

  // Signed in, the header's toggle picks one; it is remembered and applied before React runs.
  const me = await api.signup(newUser("schemer"))
  const signedIn = await pageAs(me.token)
  await signedIn.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return
      ;(window as unknown as { firstPaintScheme?: string }).firstPaintScheme =
        document.documentElement.getAttribute("data-mantine-color-scheme") ?? "none"
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })
  await signedIn.emulateMedia({ colorScheme: "light" })
  await signedIn.goto("/")
  const toggle = signedIn.getByRole("button", { name: "Dark colour scheme" })
  await expect(toggle).toHaveAttribute("aria-pressed", "false")
  await toggle.click()
  await expect(signedIn.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark")
  await expect(toggle).toHaveAttribute("aria-pressed", "true")
  await signedIn.reload()
  await expect(signedIn.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark")
  expect(await schemeAtFirstPaint(signedIn)).toBe("dark")
  await signedIn.getByRole("button", { name: "Dark colour scheme" }).click()
  await expect(signedIn.locator("html")).toHaveAttribute("data-mantine-color-scheme", "light")
})

test("screenshots of Find work: desktop and phone, light and dark", async ({ api, pageAs }) => {
  const owner = await api.signup({ ...newUser("shots"), full_name: "Nora Lindqvist" })
  const me = await api.signup({ ...newUser("viewer"), full_name: "Sam Okafor" })
  const jobs = [
    {
      name: "Full clean after moving out",
      price: "180.00",
      area: "Belleville",
      type: "full_clean",
    },
    {
      name: "Weekly clean: kitchen, bathroom",
      price: "45.00",
      area: "Montmartre",
      type: "dust_up",
    },
    { name: "Window clean, inside and out", price: "60.00", area: "Le Marais", type: "spot_clean" },
    { name: "Oven and fridge clean", price: "35.50", area: "Bastille", type: "spot_clean" },
  ]
  for (const [i, job] of jobs.entries())
    await api.post("/cleanings/", owner.token, {
      name: job.name,
      price: job.price,
      area: job.area,
      cleaning_type: job.type,
      scheduled_on: `2026-12-${String(10 + i).padStart(2, "0")}`,
    })
  const page = await pageAs(me.token)
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [view, size] of [
      ["desktop", { width: 1280, height: 800 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size)
      await page.goto("/find-work?q=clean&sort=price_desc")
      await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", scheme)
      await expect(page.getByTestId("search-result").first()).toBeVisible()
      await screenshot(page, `find-work-${view}-${scheme}`, view === "phone")
    }
  }
})

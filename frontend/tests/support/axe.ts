import AxeBuilder from "@axe-core/playwright"
import type { Page } from "@playwright/test"

export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

export const VIEWS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const

export const SCHEMES = ["light", "dark"] as const

export type View = { width: number; height: number; name: string; scheme: "light" | "dark" }

/** Every width and scheme the app must pass in: desktop and phone, light and dark. */
export const ALL_VIEWS: View[] = VIEWS.flatMap((v) => SCHEMES.map((scheme) => ({ ...v, scheme })))

/**
 * Show the page at `view`: its size, the system's scheme (`prefers-color-scheme`) and the
 * app's own choice (what the header's toggle stores), both the same. Applies from the next load.
 */
export async function showView(page: Page, view: View) {
  await page.setViewportSize({ width: view.width, height: view.height })
  await page.emulateMedia({ colorScheme: view.scheme })
  await page.addInitScript((scheme) => {
    localStorage.setItem("mantine-color-scheme-value", scheme)
  }, view.scheme)
}

/** Wait until no CSS transition runs (a dialog fading in would fool the contrast check). */
export async function settled(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== "running" || !("transitionProperty" in a)),
  )
}

/** axe's violations on the page as it is now, one line each ("where: rule (impact) nodes"). */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  await settled(page)
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    // Details for violations only: axe then skips collecting every passing node (faster).
    .options({ resultTypes: ["violations"] })
    .analyze()
  return results.violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(" ")}${n.any[0]?.message ? ` [${n.any[0].message}]` : ""}`)
        .join(" | ")}`,
  )
}

import { expect, test } from "./support/fixtures"

// The API's docs run under their own Content-Security-Policy (their inline script allowed by
// its hash); a violation would be a console error, which fails the test.

test("docs: Swagger UI lists the operations and tries one out", async ({ page }) => {
  const policy = (await page.goto("/docs"))?.headers()["content-security-policy"]
  expect(policy).toContain("script-src 'self' 'sha256-")
  await expect(page.getByRole("heading", { name: /Spotless/ })).toBeVisible()
  const health = page.locator("#operations-utils-utils-health_check")
  await health.getByRole("button").first().click()
  await health.getByRole("button", { name: "Try it out" }).click()
  await health.getByRole("button", { name: "Execute" }).click()
  await expect(
    health.locator(".live-responses-table .response-col_status:not(.col_header)").first(),
  ).toHaveText("200")
})

test("docs: ReDoc renders the API and searches it", async ({ page }) => {
  await page.goto("/redoc")
  // ReDoc lays out the whole schema on the page's thread before it shows anything: on a busy
  // 2-core machine that took over 10 s once the schema grew (it shows "Loading ..." until then).
  await expect(page.getByRole("heading", { name: /Spotless/ }).first()).toBeVisible({
    timeout: 45_000,
  })
  await page.getByPlaceholder("Search...").fill("health")
  await expect(page.getByRole("menuitem", { name: /Health Check/ }).first()).toBeVisible()
})

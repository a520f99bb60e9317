// Debian's Chromium as the browser tests (playwright.config.ts) and the UI benchmark
// (scripts/bench-ui.mjs) launch it: Playwright's own download is not reachable here.
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
}

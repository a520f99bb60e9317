import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { defineConfig } from "@playwright/test"
import { launchOptions } from "./scripts/chromium.mjs"

// One throwaway folder per run (the database and the mail received), made once in the runner
// and handed to the workers through the environment; tests/support/e2e-server.mjs deletes it.
process.env.E2E_DIR ??= mkdtempSync(path.join(tmpdir(), "spotless-e2e-"))
const port = Number(process.env.E2E_PORT ?? 8765)
process.env.E2E_SMTP_PORT ??= String(port + 1)
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  // The tests share one server and database; one worker keeps counts and pages predictable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"] },
  ],
  webServer: {
    // The app as ./scripts/run.sh starts it, on a throwaway embedded database, with a
    // loopback SMTP server that keeps what it receives in E2E_DIR/mail.
    command: "node tests/support/e2e-server.mjs",
    url: `${baseURL}/api/v1/utils/health-check/`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      E2E_DIR: process.env.E2E_DIR,
      E2E_SMTP_PORT: process.env.E2E_SMTP_PORT,
      PORT: String(port),
      HOST: "127.0.0.1",
      FRONTEND_HOST: baseURL,
    },
  },
})

// First loads of the web UI's pages, measured in Chromium: Largest Contentful Paint and the
// JavaScript transferred, the median of RUNS cold loads per page (a new browser context each
// time: empty cache, nothing preloaded), on the local network and on a simulated slow 4G. Starts
// the app as ./scripts/run.sh does on a throwaway embedded PostgreSQL, fills it with the demo
// data (./scripts/demo-data.sh), signs in as the demo user it prints, then writes
// docs/ui-performance.md. Run through ./scripts/bench-ui.sh; not part of ./scripts/test.sh.
//
// Environment: BENCH_RUNS (5), BENCH_PORT (8795), CHROMIUM_PATH (/usr/bin/chromium).
import { execFileSync, spawn } from "node:child_process"
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "@playwright/test"
import { launchOptions } from "./chromium.mjs"

const frontend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const repo = path.resolve(frontend, "..")
const runs = Number(process.env.BENCH_RUNS ?? 5)
const port = Number(process.env.BENCH_PORT ?? 8795)
const base = `http://127.0.0.1:${port}`

// The pages measured: add a line for a new page. `path` gets what the demo data gave (a job id,
// the demo user's username); a page this build does not have is reported as missing.
const PAGES = [
  { name: "log in", path: () => "/login", signedIn: false },
  { name: "dashboard", path: () => "/" },
  { name: "find work", path: () => "/find-work" },
  { name: "my cleanings", path: () => "/cleanings" },
  { name: "a job (its owner)", path: (d) => `/cleanings/${d.jobId}` },
  { name: "feed", path: () => "/feed" },
  { name: "profile", path: (d) => `/users/${d.username}` },
  { name: "settings", path: () => "/settings" },
]

// Lighthouse's "slow 4G": 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
const NETWORKS = [
  { name: "local", conditions: null },
  {
    name: "slow 4G",
    conditions: { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  },
]

const dir = mkdtempSync(path.join(tmpdir(), "spotless-bench-ui-"))
const appEnv = {
  ...process.env,
  // Never the developer's database: an embedded one in the throwaway folder.
  DATABASE_URL: "",
  EMBEDDED_PGDATA: path.join(dir, "postgres"),
  PORT: String(port),
  HOST: "127.0.0.1",
  FRONTEND_HOST: base,
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function waitForHealth(app) {
  const deadline = Date.now() + 240_000
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode})`)
    try {
      const r = await fetch(`${base}/api/v1/utils/health-check/`)
      if (r.ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error("the app did not answer within 4 minutes")
}

async function api(pathname, token, init = {}) {
  const r = await fetch(`${base}/api/v1${pathname}`, {
    ...init,
    headers: { ...(init.headers ?? {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  })
  if (!r.ok) throw new Error(`${pathname}: ${r.status} ${await r.text()}`)
  return r.json()
}

// One cold load: a fresh context (empty cache), the token in localStorage before the app runs.
async function load(browser, url, token, network) {
  const context = await browser.newContext({ baseURL: base })
  try {
    await context.addInitScript((t) => {
      if (t) localStorage.setItem("access_token", t)
      window.__lcp = { time: 0, element: "" }
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const el = entry.element
          const text = el?.textContent?.trim().slice(0, 40) ?? ""
          window.__lcp = { time: entry.startTime, element: el ? `${el.tagName} "${text}"` : "" }
        }
      }).observe({ type: "largest-contentful-paint", buffered: true })
    }, token)
    const page = await context.newPage()
    if (network.conditions) {
      const cdp = await context.newCDPSession(page)
      await cdp.send("Network.enable")
      await cdp.send("Network.emulateNetworkConditions", { offline: false, ...network.conditions })
    }
    await page.goto(url, { waitUntil: "networkidle" })
    const missing = await page.getByRole("heading", { name: "Page not found" }).count()
    const landed = new URL(page.url()).pathname
    const result = await page.evaluate(() => {
      const js = performance
        .getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname.endsWith(".js"))
      return {
        lcp: window.__lcp,
        jsFiles: js.length,
        jsTransferred: js.reduce((n, e) => n + e.transferSize, 0),
        jsEncoded: js.reduce((n, e) => n + e.encodedBodySize, 0),
        jsDecoded: js.reduce((n, e) => n + e.decodedBodySize, 0),
      }
    })
    return { ...result, missing: missing > 0, landed }
  } finally {
    await context.close()
  }
}

let app
let appExited
const appLogPath = path.join(dir, "app.log")
const appLog = openSync(appLogPath, "w")
try {
  console.log(`Starting the app on ${base} (embedded PostgreSQL in ${dir})...`)
  app = spawn(path.join(repo, "scripts/run.sh"), {
    cwd: repo,
    // Its log in the throwaway folder, shown if something fails.
    stdio: ["ignore", appLog, appLog],
    env: appEnv,
  })
  appExited = new Promise((resolve) => app.on("exit", resolve))
  await waitForHealth(app)

  console.log("Adding the demo data (./scripts/demo-data.sh)...")
  const demo = execFileSync(path.join(repo, "scripts/demo-data.sh"), {
    cwd: repo,
    env: appEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
  const email = demo.match(/Log in as a demo user[^\n]*\n\s*email:\s*(\S+)/)?.[1]
  const password = demo.match(/password:\s*(\S+)/)?.[1]
  if (!email || !password) throw new Error(`no demo login in:\n${demo}`)
  const summary = demo.match(/Demo data added[^\n]*\n((?: {2}[^\n]*\n)*)/)?.[1] ?? ""

  const { access_token: token } = await api("/login/access-token", null, {
    method: "POST",
    body: new URLSearchParams({ username: email, password }),
  })
  const me = await api("/users/me", token)
  const own = await api("/cleanings/?limit=1", token)
  const job = own.data[0] ?? (await api("/cleanings/search?status=any&limit=1", token)).data[0]
  const data = { username: me.username, jobId: job?.id }
  console.log(`Signed in as ${email} (${me.username}); job ${data.jobId}`)

  const browser = await chromium.launch(launchOptions)
  const rows = []
  for (const page of PAGES) {
    const url = page.path(data)
    const token_ = page.signedIn === false ? null : token
    const row = { ...page, url, byNetwork: {} }
    for (const network of NETWORKS) {
      const results = []
      for (let i = 0; i < runs; i++) results.push(await load(browser, url, token_, network))
      row.byNetwork[network.name] = results
      if (results[0].missing) break
    }
    const local = row.byNetwork.local
    row.missing = local[0].missing
    rows.push(row)
    const lcps = local.map((r) => r.lcp.time.toFixed(0)).join(", ")
    console.log(`${page.name} ${url}: ${row.missing ? "not in this build" : `LCP ${lcps} ms`}`)
  }
  const chromiumVersion = browser.version()
  await browser.close()

  const size = execFileSync("node", [path.join(frontend, "scripts/check-bundle-size.mjs")], {
    encoding: "utf8",
  })
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
    cwd: repo,
    encoding: "utf8",
  }).trim()
  const kB = (n) => (n / 1000).toFixed(1)
  const ms = (n) => n.toFixed(0)
  const lines = [
    "# Web UI: first load",
    "",
    "Written by `./scripts/bench-ui.sh` (`frontend/scripts/bench-ui.mjs`); do not edit by hand.",
    "",
    `Each page loaded ${runs} times cold (a new browser context each time: empty cache, no`,
    "service worker, nothing preloaded) in headless Chromium, signed in as a demo user (the",
    "token in localStorage before the app starts), on the app started as `./scripts/run.sh`",
    "does (precompressed files, brotli) with `./scripts/demo-data.sh`'s data. The median of",
    "the runs. **LCP**: the last `largest-contentful-paint` entry once the network is idle",
    "(500 ms without a request); a run with none is left out, *(n of 5)* says so. **JS**: the",
    "`.js` files the page fetched (Resource Timing):",
    "transferred (with headers) and their size once decompressed. *Local*: the loopback,",
    "where the CPU decides; *slow 4G*: Chromium's network emulation (150 ms round trips,",
    "1.6 Mbit/s down), where the bytes and the round trips decide.",
    "",
    `Commit ${commit}, ${new Date().toISOString().slice(0, 10)}; Chromium ${chromiumVersion};`,
    `${cpus().length} cores shared with other work (load average ${loadavg()[0].toFixed(1)} at`,
    "the end of the run), so the local LCPs carry that machine's noise.",
    "",
    "Demo data:",
    "",
    "```",
    summary.trimEnd(),
    "```",
    "",
    "| page | path | JS files | JS transferred (kB) | JS decoded (kB) | LCP local (ms) | LCP slow 4G (ms) | LCP element |",
    "|---|---|--:|--:|--:|--:|--:|---|",
  ]
  for (const row of rows) {
    if (row.missing) {
      lines.push(`| ${row.name} | \`${row.url}\` | | | | | | not in this build |`)
      continue
    }
    const local = row.byNetwork.local
    const slow = row.byNetwork["slow 4G"]
    // A run without an LCP entry (none reported by the time the network was idle) is left out.
    const lcp = (results) => {
      const times = results.map((r) => r.lcp.time).filter((t) => t > 0)
      const note = times.length < results.length ? ` (${times.length} of ${results.length})` : ""
      return times.length ? `${ms(median(times))}${note}` : "none"
    }
    // The element most runs named (an element removed since it painted has no name).
    const named = local.map((r) => r.lcp.element).filter(Boolean)
    const element =
      named.sort(
        (a, b) => named.filter((x) => x === b).length - named.filter((x) => x === a).length,
      )[0] ?? ""
    const shown = row.url.replace(data.jobId ?? "", "<id>").replace(data.username, "<username>")
    lines.push(
      `| ${row.name} | \`${shown}\` | ${median(local.map((r) => r.jsFiles))} | ` +
        `${kB(median(local.map((r) => r.jsTransferred)))} | ` +
        `${kB(median(local.map((r) => r.jsDecoded)))} | ` +
        `${lcp(local)} | ${lcp(slow)} | ${element.replaceAll("|", "\\|")} |`,
    )
  }
  lines.push(
    "",
    "The build's own account (`frontend/scripts/check-bundle-size.mjs`, run by",
    "`./scripts/test.sh`): the JavaScript each page needs on a first visit, from the build's",
    "manifest, brotli as served; limits 150 kB for `/login`, 250 kB for any page.",
    "",
    "```",
    size.trimEnd(),
    "```",
    "",
  )
  const out = path.join(repo, "docs/ui-performance.md")
  writeFileSync(out, lines.join("\n"))
  console.log(`Wrote ${path.relative(repo, out)}`)
} catch (error) {
  console.error(`The app's log:\n${readFileSync(appLogPath, "utf8").slice(-5000)}`)
  throw error
} finally {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM")
    await appExited
  }
  rmSync(dir, { recursive: true, force: true })
}

// The JavaScript each page of the built UI needs on a first visit, brotli-compressed as served,
// against two limits: a first visit to /login (the page everyone lands on) and any page. Reads
// dist/.vite/manifest.json (build.manifest in vite.config.ts); prints a table; exits 1 past a
// limit. A size check, not a timing: the same build always gives the same answer.
//
//   node scripts/check-bundle-size.mjs [--login-kb 150] [--page-kb 250] [--dist dist]
//
// What a page needs: the scripts index.html loads (the entry chunk and what it imports), then
// the route's lazy chunks (autoCodeSplitting: `src/routes/x.tsx?tsr-split=...`) and those of its
// parent layouts (`_layout.tsx` for `_layout/x.tsx`), each with the chunks it imports. Pages are
// found in the manifest, so a new route is checked without changing this script.
// Sizes in kB = 1000 bytes, as Vite prints them.
import { existsSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { brotliCompressSync, constants, gzipSync } from "node:zlib"

const frontend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { values: args } = parseArgs({
  options: {
    "login-kb": { type: "string", default: "150" },
    "page-kb": { type: "string", default: "250" },
    dist: { type: "string", default: path.join(frontend, "dist") },
  },
})
const loginLimit = Number(args["login-kb"]) * 1000
const pageLimit = Number(args["page-kb"]) * 1000
const dist = path.resolve(args.dist)
const manifestPath = path.join(dist, ".vite", "manifest.json")
if (!existsSync(manifestPath)) {
  console.error(`No ${manifestPath}: build the UI first (npm run build, build.manifest on).`)
  process.exit(2)
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"))

// Sizes of one built file: raw, gzip and brotli as served (the .gz/.br written by the build;
// compressed here the same way if they are missing).
const sizes = new Map()
function sizeOf(file) {
  if (!sizes.has(file)) {
    const full = path.join(dist, file)
    const bytes = readFileSync(full)
    const stored = (ext, make) => (existsSync(full + ext) ? readFileSync(full + ext) : make(bytes))
    const br = stored(".br", (b) =>
      brotliCompressSync(b, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      }),
    )
    const gz = stored(".gz", (b) => gzipSync(b, { level: 9 }))
    sizes.set(file, { raw: bytes.length, gz: gz.length, br: br.length })
  }
  return sizes.get(file)
}

// A manifest chunk and every chunk it imports statically, as built file names.
function closure(keys, into = new Set()) {
  for (const key of keys) {
    const chunk = manifest[key]
    if (!chunk || into.has(chunk.file)) continue
    into.add(chunk.file)
    closure(chunk.imports ?? [], into)
  }
  return into
}

// The entry: what index.html loads before any route renders (its script, and modulepreloads).
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry)
const firstLoad = closure([entryKey])
const html = readFileSync(path.join(dist, "index.html"), "utf8")
for (const [, ref] of html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)) firstLoad.add(ref)

// Route files with lazy chunks, and the keys of those chunks.
const routes = new Map()
for (const key of Object.keys(manifest)) {
  const [file, query] = key.split("?")
  if (!query?.includes("tsr-split")) continue
  routes.set(file, [...(routes.get(file) ?? []), key])
}
// `src/routes/_layout/users.$username.tsx` -> ["_layout", "users", "$username"]
const segments = (file) =>
  file
    .replace(/^src\/routes\//, "")
    .replace(/\.[jt]sx?$/, "")
    .split(/[/.]/)
const isPrefix = (short, long) =>
  short.length < long.length && short.every((part, i) => part === long[i])
// The URL of a route file: pathless layouts (`_x`) and `index` add nothing.
const urlOf = (file) =>
  `/${segments(file)
    .filter((s) => !s.startsWith("_") && s !== "index")
    .join("/")}`

const files = [...routes.keys()]
const pages = files
  // A page is a route nothing else nests in (layouts are counted with their pages).
  .filter((file) => !files.some((other) => isPrefix(segments(file), segments(other))))
  .map((file) => {
    const parents = files.filter((other) => isPrefix(segments(other), segments(file)))
    const js = new Set(firstLoad)
    closure(
      [...parents, file].flatMap((f) => routes.get(f)),
      js,
    )
    const total = { raw: 0, gz: 0, br: 0 }
    for (const f of js) for (const k of Object.keys(total)) total[k] += sizeOf(f)[k]
    const isLogin = file === "src/routes/login.tsx"
    return {
      url: urlOf(file),
      file,
      files: js.size,
      ...total,
      limit: isLogin ? loginLimit : pageLimit,
    }
  })
  .sort((a, b) => a.url.localeCompare(b.url))

const kB = (n) => (n / 1000).toFixed(1)
const sum = (set, k) => [...set].reduce((acc, f) => acc + sizeOf(f)[k], 0)
const css = (manifest[entryKey].css ?? []).map((f) => ({ file: f, ...sizeOf(f) }))
console.log(
  `First load (index.html): ${firstLoad.size} JS files, ${kB(sum(firstLoad, "raw"))} kB raw, ` +
    `${kB(sum(firstLoad, "gz"))} kB gzip, ${kB(sum(firstLoad, "br"))} kB brotli` +
    css.map((c) => `; CSS ${c.file}: ${kB(c.raw)} kB raw, ${kB(c.br)} kB brotli`).join(""),
)
const rows = [["page", "route file", "JS files", "raw kB", "gzip kB", "brotli kB", "limit kB", ""]]
for (const p of pages) {
  const over = p.br > p.limit
  rows.push([
    p.url,
    p.file,
    String(p.files),
    kB(p.raw),
    kB(p.gz),
    kB(p.br),
    kB(p.limit),
    over ? "OVER" : "ok",
  ])
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
for (const [i, row] of rows.entries()) {
  console.log(
    row.map((cell, j) => (j >= 2 ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join("  "),
  )
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "))
}

const login = pages.find((p) => p.file === "src/routes/login.tsx")
const failures = pages.filter((p) => p.br > p.limit)
if (!login) failures.push({ url: "/login (not found in the manifest)" })
if (failures.length > 0) {
  console.error(
    `Over the size limit (JS a first visit needs, brotli; /login ${kB(loginLimit)} kB, ` +
      `any page ${kB(pageLimit)} kB): ${failures.map((p) => p.url).join(", ")}`,
  )
  process.exit(1)
}
console.log(
  `Within the limits: /login ${kB(loginLimit)} kB, any page ${kB(pageLimit)} kB (brotli).`,
)

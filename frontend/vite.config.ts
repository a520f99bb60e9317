import { readdir, readFile, writeFile } from "node:fs/promises"
import path from "node:path"
import { promisify } from "node:util"
import { brotliCompress, constants, gzip } from "node:zlib"
import { tanstackRouter } from "@tanstack/router-plugin/vite"
import react from "@vitejs/plugin-react"
import { defineConfig, type Plugin } from "vite"

// `npm run dev` serves the UI on :5173 and sends /api to the backend that ./scripts/run.sh starts.
const backend = process.env.BACKEND_URL ?? "http://localhost:8000"

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/
const brotli = promisify(brotliCompress)
const gzip9 = promisify(gzip)

// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every text file of the
// build, once, so the backend (app/web_ui.py) serves compressed bytes without compressing on each
// request. Folders starting with a dot (.vite, the manifest) are not served and are skipped.
function precompress(): Plugin {
  return {
    name: "spotless-precompress",
    apply: "build",
    async writeBundle({ dir }) {
      if (!dir) return
      const files = await readdir(dir, { recursive: true })
      const text = files.filter(
        (file) => COMPRESSIBLE.test(file) && !file.split(path.sep).some((p) => p.startsWith(".")),
      )
      await Promise.all(
        text.map(async (file) => {
          const full = path.join(dir, file)
          const bytes = await readFile(full)
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzip9(bytes, { level: constants.Z_BEST_COMPRESSION }),
          ])
          await Promise.all([writeFile(`${full}.br`, br), writeFile(`${full}.gz`, gz)])
        }),
      )
    },
  }
}

// React and TanStack Router and Query in one `vendor` chunk, which every page needs and which only
// a dependency upgrade changes: a release of the app's own code leaves it cached in browsers.
// Mantine stays split by use (its provider with the entry, each component with the routes that
// use it): in one chunk, every component of every page would be part of a first visit.
const VENDOR =
  /\/node_modules\/(react|react-dom|scheduler|use-sync-external-store|@tanstack\/[^/]+)\/|^\0commonjsHelpers/
const vendorChunk = (id: string) => (VENDOR.test(id) ? "vendor" : undefined)

export default defineConfig({
  plugins: [tanstackRouter({ target: "react", autoCodeSplitting: true }), react(), precompress()],
  resolve: { alias: { "@": path.resolve(__dirname, "src") } },
  server: { proxy: { "/api": backend } },
  build: {
    // dist/.vite/manifest.json: which chunks each route loads, for scripts/check-bundle-size.mjs.
    manifest: true,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
})

import { defineConfig } from "@hey-api/openapi-ts"

// scripts/generate-client.sh writes openapi.json from the app, then runs this (its --check
// points both paths at a temporary folder to compare with what is committed).
export default defineConfig({
  input: process.env.OPENAPI_JSON ?? "./openapi.json",
  output: { path: process.env.CLIENT_OUT ?? "./src/client" },
  plugins: [
    // Errors throw (as ApiError, see src/lib/api.ts), so `data` is always there.
    { name: "@hey-api/client-fetch", throwOnError: true },
    "@hey-api/sdk",
    "@hey-api/typescript",
  ],
})

import { defineConfig } from "@hey-api/openapi-ts"

// scripts/generate-client.sh writes openapi.json from the app, then runs this.
export default defineConfig({
  input: "./openapi.json",
  output: { path: "./src/client" },
  plugins: [
    // Errors throw (as ApiError, see src/lib/api.ts), so `data` is always there.
    { name: "@hey-api/client-fetch", throwOnError: true },
    "@hey-api/sdk",
    "@hey-api/typescript",
  ],
})

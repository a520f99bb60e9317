import { createTheme } from "@mantine/core"

// System fonts only: nothing is fetched from a CDN.
export const theme = createTheme({
  primaryColor: "teal",
  defaultRadius: "md",
})

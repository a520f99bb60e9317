import { type CSSVariablesResolver, createTheme, DEFAULT_THEME } from "@mantine/core"

// System fonts only: nothing is fetched from a CDN.
export const theme = createTheme({
  primaryColor: "teal",
  // The darkest teal: white text on it, and it as text on white, pass WCAG AA (5:1); the
  // default shade 6 gave 2.55:1.
  primaryShade: { light: 9, dark: 9 },
  autoContrast: true,
  defaultRadius: "md",
  components: {
    // A link inside text must be told apart by more than its colour (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: "always" } },
  },
})

// Shade 9 of each colour darkened just enough that text in it reaches 4.5:1 on white and on the
// colour's own light background (badges, alerts): yellow, orange, lime and green fall short of
// it in Mantine's palette. Computed once from the palette (scripts: WCAG relative luminance).
const READABLE: Record<string, string> = {
  red: "#c52929",
  teal: "#087a57",
  green: "#267937",
  lime: "#4b790b",
  yellow: "#a65600",
  orange: "#bb3e0d",
}

/** Contrast fixed in one place: every colour's text and filled background, and dimmed text,
 * in both colour schemes. */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    // Grey 6 on white was 3.3:1.
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": READABLE.red,
  }
  const dark: Record<string, string> = {
    // Dark 2 on the dark body was 4.0:1.
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-error": "var(--mantine-color-red-4)",
  }
  for (const name of Object.keys(DEFAULT_THEME.colors)) {
    const readable = READABLE[name]
    if (!readable) continue
    light[`--mantine-color-${name}-light-color`] = readable
    light[`--mantine-color-${name}-filled`] = readable
    light[`--mantine-color-${name}-outline`] = readable
    light[`--mantine-color-${name}-text`] = readable
    dark[`--mantine-color-${name}-filled`] = readable
  }
  light["--mantine-color-anchor"] = READABLE.teal
  return { variables: {}, light, dark }
}

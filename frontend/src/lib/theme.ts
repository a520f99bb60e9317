import { type CSSVariablesResolver, createTheme, DEFAULT_THEME } from "@mantine/core"

// System fonts only: nothing is fetched from a CDN.
export const theme = createTheme({
  primaryColor: "teal",
  // The darkest teal: white text on it, and it as text on white, pass WCAG AA (5:1); the
  // default shade 6 gave 2.55:1.
  primaryShade: { light: 9, dark: 9 },
  autoContrast: true,
  defaultRadius: "md",
  // Mantine's ring on keyboard focus only; styles.css makes it 2 px in the focus colour below.
  focusRing: "auto",
  components: {
    // A link inside text must be told apart by more than its colour (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: "always" } },
    // Toasts are said politely by screen readers (the container is a live region, main.tsx);
    // Mantine's default, "alert", interrupts.
    Notification: { defaultProps: { role: "status" } },
    // A badge says a status in a word or two: shown whole, never cut to "COMPL…" by a narrow
    // column (Mantine clips it with an ellipsis); it keeps its width instead of shrinking.
    Badge: {
      styles: {
        root: { overflow: "visible", flexShrink: 0, maxWidth: "none" },
        label: { overflow: "visible", textOverflow: "clip" },
      },
    },
    // A dialog's <header> would be a second page banner (axe: landmark-no-duplicate-banner):
    // the dialog's title names it already.
    Modal: { defaultProps: { attributes: { header: { role: "presentation" } } } },
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
    // The keyboard focus ring (styles.css): 3:1 at least against the page and the controls.
    "--spotless-focus-ring": READABLE.teal,
    // Grey 6 on white was 3.3:1.
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": READABLE.red,
    // A placeholder drawn as text (the file input's "Choose an image file"): grey 5 was 2.1:1.
    "--mantine-color-placeholder": "var(--mantine-color-gray-7)",
  }
  const dark: Record<string, string> = {
    "--spotless-focus-ring": "var(--mantine-color-teal-4)",
    // Dark 2 on the dark body was 4.0:1.
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-error": "var(--mantine-color-red-4)",
    // Dark 3 on an input was 2.5:1.
    "--mantine-color-placeholder": "var(--mantine-color-dark-1)",
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

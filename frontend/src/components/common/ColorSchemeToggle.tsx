import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from "@mantine/core"
import { IconMoon, IconSun } from "@tabler/icons-react"

/**
 * Light or dark, whatever the system says: a toggle button ("Dark colour scheme", pressed or
 * not). Mantine keeps the choice in localStorage; public/color-scheme.js applies it before the
 * first paint.
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme()
  const scheme = useComputedColorScheme("light", { getInitialValueInEffect: false })
  const dark = scheme === "dark"
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      aria-label="Dark colour scheme"
      aria-pressed={dark}
      title={dark ? "Use light colours" : "Use dark colours"}
      data-testid="color-scheme-toggle"
      onClick={() => setColorScheme(dark ? "light" : "dark")}
    >
      {dark ? <IconSun size={20} aria-hidden /> : <IconMoon size={20} aria-hidden />}
    </ActionIcon>
  )
}

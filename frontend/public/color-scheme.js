// Before the first paint: the colour scheme the header's toggle stored (Mantine's
// localStorage manager, key "mantine-color-scheme-value"), or the system's ("auto"), so a
// dark page never flashes light. A file, not an inline script: the CSP allows only 'self'.
try {
  var stored = window.localStorage.getItem("mantine-color-scheme-value")
  var scheme =
    stored === "light" || stored === "dark"
      ? stored
      : window.matchMedia("(prefers-color-scheme: dark)").matches
        ? "dark"
        : "light"
  document.documentElement.setAttribute("data-mantine-color-scheme", scheme)
} catch (_) {
  document.documentElement.setAttribute("data-mantine-color-scheme", "light")
}

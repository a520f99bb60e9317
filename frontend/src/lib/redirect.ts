// Tabs, newlines and other control characters: browsers drop some of them from URLs, so
// "/\t/evil.example" would become "//evil.example".
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Where to go after logging in: a path of this app only. One leading "/" (not "//", which is
 * another host), no backslash (browsers read it as "/"), no control character; a scheme
 * (`https:`, `javascript:`) cannot start with "/" anyway. Anything else is "/".
 */
export function inAppPath(target: unknown): string {
  if (typeof target !== "string") return "/"
  if (!target.startsWith("/") || target.startsWith("//")) return "/"
  if (target.includes("\\") || CONTROL.test(target)) return "/"
  return target
}

/**
 * Prices stay the strings the API sends ("19.99"): never parsed into a JavaScript number, so
 * nothing is rounded on the way. The form checks what is typed against the API's rule.
 */
const PRICE = /^\d{1,8}(\.\d{1,2})?$/

export function checkPrice(value: string): string | null {
  const typed = value.trim()
  if (!PRICE.test(typed)) return "A price like 25 or 19.99 (at most two decimals)"
  if (/^[0.]*$/.test(typed)) return "The price must be more than 0"
  return null
}

export const CLEANING_TYPES = [
  { value: "dust_up", label: "Dust up" },
  { value: "spot_clean", label: "Spot clean" },
  { value: "full_clean", label: "Full clean" },
] as const

export const cleaningTypeLabel = (value: string | undefined) =>
  CLEANING_TYPES.find((t) => t.value === value)?.label ?? "Spot clean"

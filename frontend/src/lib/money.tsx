import { queryOptions, useQuery } from "@tanstack/react-query"
import { useCallback } from "react"
import { utilsReadPublicSettings } from "@/client"

/**
 * Prices stay the strings the API sends ("19.99"): never parsed into a JavaScript number, so
 * nothing is rounded on the way. `Intl.NumberFormat` formats the string itself (a decimal
 * string is read exactly), in the browser's locale and the app's currency (`CURRENCY`).
 */
const PRICE = /^\d{1,8}([.,]\d{1,2})?$/

/** What is typed in a price field ("85,50" or "85.50") as the API's decimal string ("85.50"). */
export function normalizePrice(value: string): string {
  return value.trim().replace(",", ".")
}

export function checkPrice(value: string): string | null {
  const typed = value.trim()
  if (!PRICE.test(typed)) return "A price like 25, 19.99 or 19,99 (at most two decimals)"
  if (/^[0.,]*$/.test(typed)) return "The price must be more than 0"
  return null
}

/** The public settings (the currency of every price): public, asked once per page load. */
export const publicSettingsQueryOptions = queryOptions({
  queryKey: ["utils", "settings"],
  queryFn: async () => (await utilsReadPublicSettings()).data,
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: Number.POSITIVE_INFINITY,
})

/** "€19.99" (en-US), "19,99 €" (fr-FR): an exact decimal string in `currency`. */
export function formatPrice(amount: string, currency: string | undefined, locale?: string) {
  // Intl reads a numeric string as an exact decimal (no float on the way).
  const value = amount as unknown as number
  try {
    return currency
      ? new Intl.NumberFormat(locale, { style: "currency", currency }).format(value)
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(value)
  } catch {
    return amount
  }
}

/** A function writing a price in the app's currency and the browser's locale. */
export function usePrice(): (amount: string) => string {
  const { data } = useQuery(publicSettingsQueryOptions)
  const currency = data?.currency
  return useCallback((amount: string) => formatPrice(amount, currency), [currency])
}

/** A price where a component is simpler than a hook. */
export function Price({ amount }: { amount: string }) {
  return <>{usePrice()(amount)}</>
}

export const CLEANING_TYPES = [
  { value: "dust_up", label: "Dust up" },
  { value: "spot_clean", label: "Spot clean" },
  { value: "full_clean", label: "Full clean" },
] as const

export const cleaningTypeLabel = (value: string | undefined) =>
  CLEANING_TYPES.find((t) => t.value === value)?.label ?? "Spot clean"

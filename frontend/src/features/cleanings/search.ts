import type { CleaningsSearchCleaningsData, CleaningType, SearchSort, SearchStatus } from "@/client"
import { CLEANING_TYPES } from "@/lib/money"

/**
 * The "Find work" view as it lives in the URL: every filter and the page. Defaults are left
 * out, so the bare `/find-work` is the default view. Short names keep a shared link readable:
 * `?q=windows&type=dust_up,full_clean&min=20&max=80&from=2030-01-01&sort=price_asc&page=2`.
 *
 * Prices are numbers here because the router writes strings that look like JSON in quotes
 * (`?min=%2220%22`); they are checked to have at most two decimals and go to the API as
 * exact strings (`toFixed(2)`).
 */
export type FindWorkSearch = {
  q?: string
  area?: string
  /** Cleaning types, comma-separated (an array would be written as JSON). */
  type?: string
  min?: number
  max?: number
  from?: string
  to?: string
  status?: SearchStatus
  sort?: SearchSort
  page?: number
}

export const STATUS_OPTIONS: { value: SearchStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "hired", label: "Hired" },
  { value: "completed", label: "Completed" },
  { value: "any", label: "Any status" },
]

export const SORT_OPTIONS: { value: SearchSort; label: string }[] = [
  { value: "newest", label: "Newest first" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
  { value: "soonest", label: "Soonest date" },
]

export const DEFAULT_STATUS: SearchStatus = "open"
export const DEFAULT_SORT: SearchSort = "newest"

// The API's limits: words up to its query length, prices up to 99,999,999.99, area 100.
const MAX_TEXT = 200
const MAX_PRICE = 99_999_999.99
const PRICE = /^\d{1,8}(\.\d{1,2})?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const cleaningTypes = new Set<string>(CLEANING_TYPES.map((t) => t.value))

function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) value = String(value)
  if (typeof value !== "string") return undefined
  const trimmed = value.trim().slice(0, max)
  return trimmed || undefined
}

/** A price bound from the URL or the form: at most two decimals, within the API's range. */
export function parsePrice(value: unknown): number | undefined {
  const typed = typeof value === "number" ? String(value) : typeof value === "string" ? value : ""
  // A decimal comma ("20,50") reads as a point.
  const decimal = typed.trim().replace(",", ".")
  if (!PRICE.test(decimal)) return undefined
  const n = Number(decimal)
  return n <= MAX_PRICE ? n : undefined
}

/** A real calendar day as YYYY-MM-DD (not 2030-02-31). */
export function parseDate(value: unknown): string | undefined {
  if (typeof value !== "string" || !DATE.test(value)) return undefined
  const day = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value
    ? value
    : undefined
}

export function parseTypes(value: unknown): CleaningType[] {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : []
  const picked = new Set(parts.filter((p): p is CleaningType => cleaningTypes.has(p)))
  // In a fixed order, so one choice has one URL.
  return CLEANING_TYPES.map((t) => t.value).filter((t) => picked.has(t))
}

const oneOf = <T extends string>(options: { value: T }[], value: unknown): T | undefined =>
  options.find((o) => o.value === value)?.value

/**
 * The route's `validateSearch`: whatever the URL holds, a valid view. Anything unreadable
 * falls back to its default, and bounds the wrong way round drop the upper one. Every key is
 * in the answer, `undefined` when left out: the router lays the answer over the raw search,
 * so a key missing here would let the URL's unchecked value through.
 */
export function validateFindWorkSearch(raw: Record<string, unknown>): FindWorkSearch {
  const types = parseTypes(raw.type)
  const min = parsePrice(raw.min)
  const max = parsePrice(raw.max)
  const from = parseDate(raw.from)
  const to = parseDate(raw.to)
  const status = oneOf(STATUS_OPTIONS, raw.status)
  const sort = oneOf(SORT_OPTIONS, raw.sort)
  const page = Number(raw.page)
  return {
    q: text(raw.q),
    area: text(raw.area, 100),
    type: types.length > 0 && types.length < CLEANING_TYPES.length ? types.join(",") : undefined,
    min,
    max: max !== undefined && (min === undefined || max >= min) ? max : undefined,
    from,
    to: to && (!from || to >= from) ? to : undefined,
    status: status !== DEFAULT_STATUS ? status : undefined,
    sort: sort !== DEFAULT_SORT ? sort : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  }
}

/** The filters of a view (no page, nothing the URL carried besides). */
export function filtersOf(search: FindWorkSearch): FindWorkSearch {
  const { q, area, type, min, max, from, to, status, sort } = search
  const filters = { q, area, type, min, max, from, to, status, sort }
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as FindWorkSearch
}

export type SearchQuery = NonNullable<CleaningsSearchCleaningsData["query"]>

/** The API's query for a view and one page: the area's words join the search words. */
export function toSearchQuery(
  search: FindWorkSearch,
  page: { skip: number; limit: number },
): SearchQuery {
  // The area's words first: the API reads the last word as a word's start, and that is the
  // one someone is typing in the search box. At most MAX_TEXT characters reach the API.
  const words = [search.area, search.q].filter(Boolean).join(" ").slice(0, MAX_TEXT).trim()
  const types = parseTypes(search.type)
  return {
    ...(words ? { q: words } : {}),
    ...(types.length ? { cleaning_type: types } : {}),
    ...(search.min !== undefined ? { min_price: search.min.toFixed(2) } : {}),
    ...(search.max !== undefined ? { max_price: search.max.toFixed(2) } : {}),
    ...(search.from ? { scheduled_from: search.from } : {}),
    ...(search.to ? { scheduled_to: search.to } : {}),
    status: search.status ?? DEFAULT_STATUS,
    sort: search.sort ?? DEFAULT_SORT,
    ...page,
  }
}

/** Whether the view narrows anything (for the empty state's wording and "Clear"). */
export const hasFilters = (search: FindWorkSearch) =>
  Object.keys(filtersOf(search)).some((key) => key !== "sort")

/**
 * Dates as the browser's locale writes them, never ambiguous: the month is a word
 * ("6 Dec 2026", "Dec 6, 2026"), never 12/6/2026.
 */
const DAY: Intl.DateTimeFormatOptions = { dateStyle: "medium" }
const DAY_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }

/**
 * A calendar day from the API ("2030-05-01"). Read as that day, not as UTC midnight, which
 * west of Greenwich would show the day before.
 */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number)
  const date = new Date(y, m - 1, d)
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(undefined, DAY).format(date)
}

/** The day of a timestamp ("2026-12-06T10:00:00Z") in the browser's time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(undefined, DAY).format(date)
}

/** The day and time of a timestamp: "Dec 6, 2026, 10:00 AM". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, DAY_TIME).format(date)
}

/**
 * A calendar day from the API ("2030-05-01") in the browser's locale. Read as that day, not
 * as UTC midnight, which west of Greenwich would show the day before.
 */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number)
  const date = new Date(y, m - 1, d)
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString()
}

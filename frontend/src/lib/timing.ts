/** What the server said about a response's time (`Server-Timing`), in milliseconds. */
export type ServerTiming = { total: number; db: number }

export function parseServerTiming(header: string | null): ServerTiming | undefined {
  if (!header) return undefined
  const metrics = Object.fromEntries(
    header.split(",").map((metric) => {
      const [name, ...params] = metric.trim().split(";")
      const dur = params.find((p) => p.trim().startsWith("dur="))
      return [name.trim(), dur ? Number(dur.trim().slice(4)) : Number.NaN]
    }),
  )
  if (!Number.isFinite(metrics.total)) return undefined
  return { total: metrics.total, db: Number.isFinite(metrics.db) ? metrics.db : 0 }
}

export const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`

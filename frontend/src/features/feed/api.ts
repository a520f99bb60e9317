import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query"
import { feedReadFeed, feedReadFeedCursor } from "@/client"
import { parseServerTiming, type ServerTiming } from "@/lib/timing"

export const FEED_PAGE_SIZE = 20
// How often the feed asks whether events arrived (only the count: one cheap request).
const POLL_MS = 3_000

export const feedKeys = {
  all: ["feed"] as const,
  offset: ["feed", "offset"] as const,
  offsetPage: (page: number) => ["feed", "offset", page] as const,
  cursor: ["feed", "cursor"] as const,
  people: ["feed", "people"] as const,
  latestCount: ["feed", "latest-count"] as const,
}

type Timed = { timing?: ServerTiming; loadedAt: number }

/** The answer and what it cost the server, read from `Server-Timing`. */
async function timed<T>(call: Promise<{ data: T; response: Response }>): Promise<T & Timed> {
  const { data, response } = await call
  return {
    ...data,
    timing: parseServerTiming(response.headers.get("Server-Timing")),
    loadedAt: Date.now(),
  }
}

// Loaded pages never refetch by themselves: the list must not move under the reader. New
// events are announced ("N new") and shown when asked for.
export const offsetPageQueryOptions = (page: number) =>
  queryOptions({
    queryKey: feedKeys.offsetPage(page),
    queryFn: () =>
      timed(
        feedReadFeed({
          query: { skip: (page - 1) * FEED_PAGE_SIZE, limit: FEED_PAGE_SIZE },
        }),
      ),
    staleTime: Number.POSITIVE_INFINITY,
  })

export const cursorFeedQueryOptions = infiniteQueryOptions({
  queryKey: feedKeys.cursor,
  queryFn: ({ pageParam }) =>
    timed(
      feedReadFeedCursor({
        query: { limit: FEED_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.next_cursor ?? undefined,
  staleTime: Number.POSITIVE_INFINITY,
})

/** How many events there are now, asked every few seconds. */
export const latestCountQueryOptions = queryOptions({
  queryKey: feedKeys.latestCount,
  queryFn: async () => (await feedReadFeed({ query: { limit: 1 } })).data.count,
  refetchInterval: POLL_MS,
})

/** The feed for people: one list grown with "Load more", on the cursor (no timings shown). */
export const peopleFeedQueryOptions = infiniteQueryOptions({
  queryKey: feedKeys.people,
  queryFn: async ({ pageParam }) =>
    (
      await feedReadFeedCursor({
        query: { limit: FEED_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
      })
    ).data,
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.next_cursor ?? undefined,
  staleTime: Number.POSITIVE_INFINITY,
})

/** The newest `limit` events (at most 100, the API's limit) and how many there are now. */
export async function newestEvents(limit: number) {
  return (await feedReadFeedCursor({ query: { limit: Math.min(Math.max(limit, 1), 100) } })).data
}

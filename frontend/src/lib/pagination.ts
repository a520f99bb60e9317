import { useEffect, useRef } from "react"

/** Pages live in the URL (`?page=N`, 1-based) and are read from the server with skip/limit. */
export type PageSearch = { page?: number }

// `page` is always in the answer (`undefined` for page 1): the router lays the answer over the
// raw search, so leaving it out would let `?page=abc` through.
export function validatePageSearch(search: Record<string, unknown>): PageSearch {
  const page = Number(search.page)
  return { page: Number.isInteger(page) && page > 1 ? page : undefined }
}

export function toSkipLimit(page: number, size: number) {
  return { skip: (page - 1) * size, limit: size }
}

export function pageCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size))
}

/** The search for page `page`: page 1 is the bare address. */
export const pageSearch = (page: number): PageSearch => (page > 1 ? { page } : {})

/**
 * A page past the end (an old link, or rows went away): go to the last page there is, once the
 * server said how many rows there are. `go` should replace the address, not add to history.
 */
export function usePageInRange(
  page: number,
  count: number | undefined,
  size: number,
  go: (page: number) => void,
) {
  const last = count === undefined ? page : pageCount(count, size)
  const past = page > last
  const goRef = useRef(go)
  goRef.current = go
  useEffect(() => {
    if (past) goRef.current(last)
  }, [past, last])
  return past
}

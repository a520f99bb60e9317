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

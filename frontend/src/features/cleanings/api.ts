import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { CleaningCreate, CleaningUpdate } from "@/client"
import {
  cleaningsCreateCleaning,
  cleaningsDeleteCleaning,
  cleaningsReadCleaning,
  cleaningsReadCleanings,
  cleaningsSearchCleanings,
  cleaningsUpdateCleaning,
  profilesReadProfileCleanings,
} from "@/client"
import type { SearchQuery } from "./search"

type Page = { skip: number; limit: number }

export const cleaningKeys = {
  all: ["cleanings"] as const,
  mine: (page: Page) => ["cleanings", "mine", page] as const,
  detail: (id: string) => ["cleanings", "detail", id] as const,
  byOwner: (username: string, page: Page) => ["cleanings", "by-owner", username, page] as const,
  search: (query: SearchQuery) => ["cleanings", "search", query] as const,
}

export const myCleaningsQueryOptions = (page: Page) =>
  queryOptions({
    queryKey: cleaningKeys.mine(page),
    queryFn: async () => (await cleaningsReadCleanings({ query: page })).data,
    placeholderData: keepPreviousData,
  })

export const cleaningQueryOptions = (id: string) =>
  queryOptions({
    queryKey: cleaningKeys.detail(id),
    queryFn: async () => (await cleaningsReadCleaning({ path: { id } })).data,
  })

export const ownerCleaningsQueryOptions = (username: string, page: Page) =>
  queryOptions({
    queryKey: cleaningKeys.byOwner(username, page),
    queryFn: async () =>
      (await profilesReadProfileCleanings({ path: { username }, query: page })).data,
    placeholderData: keepPreviousData,
  })

/** Other people's jobs matching `query` (one page), with the exact total in `count`. */
export const searchCleaningsQueryOptions = (query: SearchQuery) =>
  queryOptions({
    queryKey: cleaningKeys.search(query),
    queryFn: async () => (await cleaningsSearchCleanings({ query })).data,
    // The previous page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  })

function useInvalidateCleanings() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: cleaningKeys.all })
}

export function useCreateCleaning() {
  const onSuccess = useInvalidateCleanings()
  return useMutation({
    mutationFn: async (body: CleaningCreate) => (await cleaningsCreateCleaning({ body })).data,
    onSuccess,
  })
}

export function useUpdateCleaning() {
  const onSuccess = useInvalidateCleanings()
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: CleaningUpdate }) =>
      (await cleaningsUpdateCleaning({ path: { id }, body })).data,
    onSuccess,
  })
}

export function useDeleteCleaning() {
  const onSuccess = useInvalidateCleanings()
  return useMutation({
    mutationFn: async (id: string) => (await cleaningsDeleteCleaning({ path: { id } })).data,
    onSuccess,
  })
}

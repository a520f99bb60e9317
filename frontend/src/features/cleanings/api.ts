import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { CleaningCreate, CleaningUpdate } from "@/client"
import {
  cleaningsCreateCleaning,
  cleaningsDeleteCleaning,
  cleaningsReadCleaning,
  cleaningsReadCleanings,
  cleaningsUpdateCleaning,
  profilesReadProfileCleanings,
} from "@/client"

type Page = { skip: number; limit: number }

export const cleaningKeys = {
  all: ["cleanings"] as const,
  mine: (page: Page) => ["cleanings", "mine", page] as const,
  detail: (id: string) => ["cleanings", "detail", id] as const,
  byOwner: (username: string, page: Page) => ["cleanings", "by-owner", username, page] as const,
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

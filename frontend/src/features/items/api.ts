import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { ItemCreate, ItemUpdate } from "@/client"
import { itemsCreateItem, itemsDeleteItem, itemsReadItems, itemsUpdateItem } from "@/client"

export const itemKeys = {
  all: ["items"] as const,
  list: (params: { skip: number; limit: number }) => ["items", "list", params] as const,
}

export const itemsQueryOptions = (params: { skip: number; limit: number }) =>
  queryOptions({
    queryKey: itemKeys.list(params),
    queryFn: async () => (await itemsReadItems({ query: params })).data,
    placeholderData: keepPreviousData,
  })

function useInvalidateItems() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: itemKeys.all })
}

export function useCreateItem() {
  const onSuccess = useInvalidateItems()
  return useMutation({
    mutationFn: async (body: ItemCreate) => (await itemsCreateItem({ body })).data,
    onSuccess,
  })
}

export function useUpdateItem() {
  const onSuccess = useInvalidateItems()
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: ItemUpdate }) =>
      (await itemsUpdateItem({ path: { id }, body })).data,
    onSuccess,
  })
}

export function useDeleteItem() {
  const onSuccess = useInvalidateItems()
  return useMutation({
    mutationFn: async (id: string) => (await itemsDeleteItem({ path: { id } })).data,
    onSuccess,
  })
}

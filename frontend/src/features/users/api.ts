import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { UserCreate, UserUpdate } from "@/client"
import { usersCreateUser, usersDeleteUser, usersReadUsers, usersUpdateUser } from "@/client"

export const userKeys = {
  all: ["users"] as const,
  list: (params: { skip: number; limit: number }) => ["users", "list", params] as const,
}

export const usersQueryOptions = (params: { skip: number; limit: number }) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: async () => (await usersReadUsers({ query: params })).data,
    placeholderData: keepPreviousData,
  })

// Any user may be the signed-in one (users/me), so a change refreshes every users query.
function useInvalidateUsers() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all })
}

export function useCreateUser() {
  const onSuccess = useInvalidateUsers()
  return useMutation({
    mutationFn: async (body: UserCreate) => (await usersCreateUser({ body })).data,
    onSuccess,
  })
}

export function useUpdateUser() {
  const onSuccess = useInvalidateUsers()
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: UserUpdate }) =>
      (await usersUpdateUser({ path: { user_id: id }, body })).data,
    onSuccess,
  })
}

export function useDeleteUser() {
  const onSuccess = useInvalidateUsers()
  return useMutation({
    mutationFn: async (id: string) => (await usersDeleteUser({ path: { user_id: id } })).data,
    onSuccess,
  })
}

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { ProfileUpdate, UpdatePassword, UserUpdateMe } from "@/client"
import {
  profilesReadMyProfile,
  profilesUpdateMyProfile,
  usersDeleteUserMe,
  usersUpdatePasswordMe,
  usersUpdateUserMe,
} from "@/client"

const meKey = ["users", "me"] as const
const myProfileKey = ["profiles", "me"] as const

export const myProfileQueryOptions = queryOptions({
  queryKey: myProfileKey,
  queryFn: async () => (await profilesReadMyProfile()).data,
})

export function useUpdateMe() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: UserUpdateMe) => (await usersUpdateUserMe({ body })).data,
    onSuccess: (user, body) => {
      queryClient.setQueryData(meKey, user)
      // A new email ended this token: nothing is asked with it before signing in again.
      if (body.current_password) return
      return queryClient.invalidateQueries({ queryKey: myProfileKey })
    },
  })
}

export function useUpdateMyProfile() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: ProfileUpdate) => (await profilesUpdateMyProfile({ body })).data,
    onSuccess: (profile) => {
      queryClient.setQueryData(myProfileKey, profile)
      return queryClient.invalidateQueries({ queryKey: meKey })
    },
  })
}

export function useUpdatePassword() {
  return useMutation({
    mutationFn: async (body: UpdatePassword) => (await usersUpdatePasswordMe({ body })).data,
  })
}

export function useDeleteMe() {
  return useMutation({
    mutationFn: async () => (await usersDeleteUserMe()).data,
  })
}

import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useNavigate } from "@tanstack/react-router"
import type { UserRegister } from "@/client"
import {
  loginLoginAccessToken,
  loginLogout,
  loginRecoverPassword,
  loginResetPassword,
  usersReadUserMe,
  usersRegisterUser,
} from "@/client"
import { session } from "@/lib/session"

export const meQueryOptions = queryOptions({
  queryKey: ["users", "me"],
  queryFn: async () => (await usersReadUserMe()).data,
})

/** The signed-in user (undefined while it loads). */
export function useCurrentUser() {
  return useQuery({ ...meQueryOptions, enabled: session.active() })
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) =>
      (await loginLoginAccessToken({ body })).data,
    onSuccess: (token) => {
      // Nothing of a previous user's may show.
      queryClient.clear()
      session.start(token.access_token)
    },
  })
}

export function useSignup() {
  return useMutation({
    mutationFn: async (body: UserRegister) => (await usersRegisterUser({ body })).data,
  })
}

export function useRecoverPassword() {
  return useMutation({
    mutationFn: async (email: string) => (await loginRecoverPassword({ path: { email } })).data,
  })
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async (body: { token: string; new_password: string }) =>
      (await loginResetPassword({ body })).data,
  })
}

/** Log out: the token ended on the server, no cached data of this user, back to the login page. */
export function useLogout() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  return async () => {
    // Signed out here whatever the server says (offline, or the token already ended).
    await loginLogout({ signal: AbortSignal.timeout(5000) }).catch(() => undefined)
    session.end()
    queryClient.clear()
    navigate({ to: "/login" })
  }
}

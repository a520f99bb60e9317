import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import {
  notificationsMarkNotificationsRead,
  notificationsReadNotifications,
  notificationsReadUnreadCount,
} from "@/client"

type Page = { skip: number; limit: number }

export const notificationKeys = {
  all: ["notifications"] as const,
  unreadCount: ["notifications", "unread-count"] as const,
  lists: ["notifications", "list"] as const,
  list: (page: Page) => ["notifications", "list", page] as const,
}

/** How often the bell asks: the count costs the server no statement of its own. */
const POLL_MS = 5_000

export const unreadCountQueryOptions = queryOptions({
  queryKey: notificationKeys.unreadCount,
  queryFn: async () => (await notificationsReadUnreadCount()).data.count,
  refetchInterval: POLL_MS,
  refetchOnWindowFocus: true,
})

export const notificationsQueryOptions = (page: Page) =>
  queryOptions({
    queryKey: notificationKeys.list(page),
    queryFn: async () => (await notificationsReadNotifications({ query: page })).data,
    placeholderData: keepPreviousData,
  })

/** Mark some notifications (`ids`) or all of them read; the bell and the lists follow. */
export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (which: { ids: string[] } | { all: true }) =>
      (await notificationsMarkNotificationsRead({ body: which })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  })
}

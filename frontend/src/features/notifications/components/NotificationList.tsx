import { Stack } from "@mantine/core"
import type { NotificationPublic } from "@/client"
import { NotificationItem } from "./NotificationItem"

/** Notifications, newest first, each opening its job. */
export function NotificationList({
  notifications,
  onOpen,
}: {
  notifications: NotificationPublic[]
  onOpen?: () => void
}) {
  return (
    <Stack gap={4} data-testid="notifications">
      {notifications.map((n) => (
        <NotificationItem key={n.id} notification={n} onOpen={onOpen} />
      ))}
    </Stack>
  )
}

import { Button, type ButtonProps } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { unreadCountQueryOptions, useMarkRead } from "../api"

/** "Mark all as read", idle while nothing is unread (the bell's count says). */
export function MarkAllRead(props: Pick<ButtonProps, "size" | "variant">) {
  const { data: unread = 0 } = useQuery(unreadCountQueryOptions)
  const markRead = useMarkRead()
  return (
    <Button
      {...props}
      disabled={unread === 0}
      loading={markRead.isPending}
      onClick={() => markRead.mutate({ all: true })}
    >
      Mark all as read
    </Button>
  )
}

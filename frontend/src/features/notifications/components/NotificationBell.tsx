import { ActionIcon, Anchor, Group, Indicator, Popover, Text } from "@mantine/core"
import { useDisclosure } from "@mantine/hooks"
import { IconBell } from "@tabler/icons-react"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { Link } from "@tanstack/react-router"
import { useEffect, useRef } from "react"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { notificationKeys, notificationsQueryOptions, unreadCountQueryOptions } from "../api"
import { MarkAllRead } from "./MarkAllRead"
import { NotificationList } from "./NotificationList"

const LATEST = { skip: 0, limit: 8 }

export const unreadLabel = (count: number) =>
  count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`

type Props = {
  /** New notifications came: what they are about (offers, jobs) may have changed too. */
  onArrival?: () => void
}

/** The header's bell: the unread count, kept current by polling; opens the latest notifications. */
export function NotificationBell({ onArrival }: Props) {
  const [opened, { toggle, close }] = useDisclosure(false)
  const queryClient = useQueryClient()
  const { data: count = 0 } = useQuery(unreadCountQueryOptions)
  // Something arrived or was read elsewhere: the lists on screen catch up.
  const seen = useRef(count)
  useEffect(() => {
    if (seen.current === count) return
    const arrived = count > seen.current
    seen.current = count
    queryClient.invalidateQueries({ queryKey: notificationKeys.lists })
    if (arrived) onArrival?.()
  })
  return (
    <Indicator
      label={<span data-testid="unread-count">{count > 99 ? "99+" : count}</span>}
      disabled={count === 0}
      size={18}
      color="red"
      offset={4}
    >
      <Popover
        opened={opened}
        onChange={(o) => !o && close()}
        position="bottom-end"
        width={360}
        shadow="md"
        trapFocus
        returnFocus
      >
        <Popover.Target>
          <ActionIcon variant="subtle" size="lg" aria-label={unreadLabel(count)} onClick={toggle}>
            <IconBell size={22} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown maw="calc(100vw - 16px)" p="xs" data-testid="notifications-popover">
          {opened && <Latest onOpen={close} />}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  )
}

function Latest({ onOpen }: { onOpen: () => void }) {
  const list = useQuery(notificationsQueryOptions(LATEST))
  return (
    <>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={700}>Notifications</Text>
        <MarkAllRead size="compact-sm" variant="subtle" />
      </Group>
      {list.error ? (
        <ErrorState error={list.error} />
      ) : !list.data ? (
        <Loading label="Loading notifications" />
      ) : list.data.count === 0 ? (
        <Empty>Nothing yet.</Empty>
      ) : (
        <NotificationList notifications={list.data.data} onOpen={onOpen} />
      )}
      <Anchor
        component={Link}
        to="/notifications"
        onClick={onOpen}
        size="sm"
        display="block"
        mt="xs"
        ta="center"
      >
        See all notifications
      </Anchor>
    </>
  )
}

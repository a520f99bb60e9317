import { Avatar, Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from "@mantine/core"
import type { NotificationPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { useMarkRead } from "../api"
import { actorName, sentence } from "../sentence"
import { exactTime, relativeTime } from "../time"

type Props = {
  notification: NotificationPublic
  /** Called when the item is opened (a popover closes itself). */
  onOpen?: () => void
}

/** One notification: who, what, when; opening it marks it read and, if the job exists, shows it. */
export function NotificationItem({ notification: n, onOpen }: Props) {
  const markRead = useMarkRead()
  const unread = n.read_at === null
  const open = () => {
    if (unread) markRead.mutate({ ids: [n.id] })
    onOpen?.()
  }
  const body = (
    <Group wrap="nowrap" align="flex-start" gap="sm">
      <Avatar
        src={n.actor?.image ?? undefined}
        name={actorName(n)}
        color="initials"
        alt=""
        size="md"
      />
      <Stack gap={2} flex={1}>
        <Text size="sm" fw={unread ? 700 : 400}>
          {sentence(n)}
        </Text>
        <Text
          size="xs"
          c="dimmed"
          component="time"
          dateTime={n.created_at}
          title={exactTime(n.created_at)}
        >
          {relativeTime(n.created_at)}
        </Text>
      </Stack>
      {unread && (
        <Box mt={6} w={10} h={10} bg="teal.7" style={{ borderRadius: "50%", flex: "none" }}>
          <VisuallyHidden>Unread</VisuallyHidden>
        </Box>
      )}
    </Group>
  )
  const style = {
    display: "block",
    padding: "var(--mantine-spacing-xs)",
    borderRadius: "var(--mantine-radius-sm)",
    // Unread: a bar on the side (and bold text and a dot), the text keeping its contrast.
    borderLeft: `3px solid ${unread ? "var(--mantine-color-teal-7)" : "transparent"}`,
  }
  const common = { "data-testid": "notification", "data-unread": unread, style }
  if (n.cleaning.id === null) {
    // The job was deleted: nothing to open, but it can still be marked read.
    return (
      <UnstyledButton {...common} onClick={open}>
        {body}
      </UnstyledButton>
    )
  }
  return (
    <AnchorLink
      {...common}
      to="/cleanings/$cleaningId"
      params={{ cleaningId: n.cleaning.id }}
      onClick={open}
      c="inherit"
      underline="never"
    >
      {body}
    </AnchorLink>
  )
}

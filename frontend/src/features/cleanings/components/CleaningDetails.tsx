import { Badge, Card, Group, Paper, Stack, Text, Title } from "@mantine/core"
import { IconCalendar, IconMapPin } from "@tabler/icons-react"
import type { CleaningPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { formatDateTime } from "@/lib/dates"
import { cleaningTypeLabel, Price } from "@/lib/money"
import { fullName } from "@/lib/people"

/** A day the job is planned for ("2026-12-12"), as the browser's locale writes it: "Sat 12 Dec 2026". */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number)
  // A local date, not UTC midnight: west of Greenwich that would be the day before.
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(year, month - 1, date))
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`

/** "Open · 3 offers", "Hired: Carl Jones", "Completed". */
export function statusLine(cleaning: CleaningPublic, hiredName?: string | null): string {
  switch (cleaning.status) {
    case "open":
      return cleaning.offers_count
        ? `Open · ${plural(cleaning.offers_count, "offer")}`
        : "Open · no offers yet"
    case "hired":
      return hiredName ? `Hired: ${hiredName}` : "Hired"
    default:
      return "Completed"
  }
}

const STATUS_COLORS = { open: "teal", hired: "blue", completed: "gray" } as const

/**
 * A job as whoever looks at it sees it: where it stands (`hiredName`: who was hired, when the
 * viewer may know), what happens next for them (`nextStep`), what, where, when and for how much.
 */
export function CleaningDetails({
  cleaning,
  actions,
  hiredName,
  nextStep,
}: {
  cleaning: CleaningPublic
  actions?: React.ReactNode
  hiredName?: string | null
  nextStep?: React.ReactNode
}) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between" align="center">
          <Badge
            size="lg"
            variant="light"
            tt="none"
            color={STATUS_COLORS[cleaning.status]}
            data-testid="job-status"
          >
            {statusLine(cleaning, hiredName)}
          </Badge>
          {actions}
        </Group>
        <Title order={2}>{cleaning.name}</Title>
        {nextStep && (
          <Paper bg="var(--mantine-color-default-hover)" p="sm" data-testid="next-step">
            <Text>{nextStep}</Text>
          </Paper>
        )}
        <Group gap="xs">
          <Badge variant="light">{cleaningTypeLabel(cleaning.cleaning_type)}</Badge>
          <Text fw={700} size="lg" data-testid="cleaning-price">
            <Price amount={cleaning.price} />
          </Text>
        </Group>
        {(cleaning.area || cleaning.scheduled_on) && (
          <Group gap="lg">
            {cleaning.area && (
              <Group gap={4} wrap="nowrap" data-testid="cleaning-area">
                <IconMapPin size={18} aria-hidden />
                <Text>{cleaning.area}</Text>
              </Group>
            )}
            {cleaning.scheduled_on && (
              <Group gap={4} wrap="nowrap">
                <IconCalendar size={18} aria-hidden />
                <Text>
                  <time dateTime={cleaning.scheduled_on} data-testid="cleaning-date">
                    {formatDay(cleaning.scheduled_on)}
                  </time>
                </Text>
              </Group>
            )}
          </Group>
        )}
        {cleaning.description && <Text>{cleaning.description}</Text>}
        <Text size="sm" c="dimmed">
          Posted by{" "}
          <AnchorLink to="/users/$username" params={{ username: cleaning.owner.username }}>
            {fullName(cleaning.owner)}
          </AnchorLink>{" "}
          on {formatDateTime(cleaning.created_at)}
        </Text>
      </Stack>
    </Card>
  )
}

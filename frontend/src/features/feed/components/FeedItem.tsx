import { Avatar, Badge, Card, Group, Stack, Text } from "@mantine/core"
import type { CleaningFeedItem } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { CleaningStatusBadge } from "@/components/common/CleaningStatusBadge"
import { JobLink } from "@/components/common/JobLink"
import { formatDateTime, formatDay } from "@/lib/dates"
import { cleaningTypeLabel, usePrice } from "@/lib/money"
import { fullName } from "@/lib/people"

const FIELD_NAMES: Record<string, string> = {
  name: "name",
  description: "description",
  price: "price",
  cleaning_type: "type",
  area: "area",
  scheduled_on: "date",
  status: "status",
}

const fieldName = (field: string) => FIELD_NAMES[field] ?? field.replaceAll("_", " ")

/** What happened: "posted", or which fields changed. */
export function describeEvent(item: CleaningFeedItem): string {
  if (item.event_type === "is_create") return "posted"
  return `changed ${item.changed_fields.map(fieldName).join(", ")}`
}

export const eventKey = (item: CleaningFeedItem) => `${item.id}@${item.event_timestamp}`

const LONG = 40

/** A value of an event as people read it: prices in the currency, types by name, days localized. */
function showValue(field: string, value: unknown, price: (amount: string) => string): string {
  if (value === null || value === undefined || value === "") return "none"
  if (field === "cleaning_type" && typeof value === "string") return cleaningTypeLabel(value)
  if (field === "scheduled_on" && typeof value === "string") return formatDay(value)
  if (field === "price" && typeof value === "string") return price(value)
  const text = typeof value === "string" ? value : JSON.stringify(value)
  return text.length > LONG ? `${text.slice(0, LONG - 1)}…` : text
}

type Change = { old?: unknown; new?: unknown }

const isChange = (value: unknown): value is Change =>
  typeof value === "object" && value !== null && ("old" in value || "new" in value)

/** What an update changed, one line a field: "price €85.50 → €95.00", "status open → hired". */
export function describeChanges(
  item: CleaningFeedItem,
  price: (amount: string) => string = (amount) => amount,
): string[] {
  if (item.event_type !== "is_update") return []
  return item.changed_fields.map((field) => {
    const change = item.event_data[field]
    // A description is too long for a line: only that it changed.
    if (!isChange(change) || field === "description") return `${fieldName(field)} changed`
    return `${fieldName(field)} ${showValue(field, change.old, price)} → ${showValue(field, change.new, price)}`
  })
}

/** The price the event is about: as posted for a new job (not today's), else the current one. */
function eventPrice(item: CleaningFeedItem): string {
  const posted = item.event_data.price
  if (item.event_type === "is_create" && typeof posted === "string") return posted
  return item.price
}

export function FeedItem({ item }: { item: CleaningFeedItem }) {
  const owner = fullName(item.owner)
  const price = usePrice()
  const changes = describeChanges(item, price)
  const facts = [
    cleaningTypeLabel(item.cleaning_type),
    item.area,
    item.scheduled_on && formatDay(item.scheduled_on),
    formatDateTime(item.event_timestamp),
  ].filter(Boolean)
  return (
    <Card withBorder padding="sm" data-testid="feed-item" data-event={eventKey(item)}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group wrap="nowrap" align="flex-start" gap="sm" miw={0}>
          {/* The name beside it says whose picture it is. */}
          <Avatar src={item.owner.image ?? undefined} name={owner} color="teal" size="md" alt="" />
          <Stack gap={2} miw={0}>
            <Text size="sm">
              <AnchorLink to="/users/$username" params={{ username: item.owner.username }}>
                {owner}
              </AnchorLink>{" "}
              <Badge
                size="sm"
                variant="light"
                color={item.event_type === "is_create" ? "teal" : "blue"}
                data-testid="feed-event"
              >
                {describeEvent(item)}
              </Badge>
            </Text>
            <Group gap="xs">
              <JobLink id={item.id} name={item.name} />
              <CleaningStatusBadge status={item.status} />
            </Group>
            {changes.map((change) => (
              <Text key={change} size="sm" data-testid="feed-change">
                {change}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              {facts.join(" · ")}
            </Text>
          </Stack>
        </Group>
        <Text fw={700} data-testid="feed-price">
          {price(eventPrice(item))}
        </Text>
      </Group>
    </Card>
  )
}

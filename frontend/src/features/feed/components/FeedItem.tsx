import { Badge, Card, Group, Text } from "@mantine/core"
import type { CleaningFeedItem } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { cleaningTypeLabel } from "@/lib/money"

const FIELD_NAMES: Record<string, string> = {
  name: "name",
  description: "description",
  price: "price",
  cleaning_type: "type",
}

/** What happened: "posted", or which fields changed. */
export function describeEvent(item: CleaningFeedItem): string {
  if (item.event_type === "is_create") return "posted"
  const fields = item.changed_fields.map((f) => FIELD_NAMES[f] ?? f)
  return `changed ${fields.join(", ")}`
}

export const eventKey = (item: CleaningFeedItem) => `${item.id}@${item.event_timestamp}`

export function FeedItem({ item }: { item: CleaningFeedItem }) {
  const owner = item.owner.full_name || item.owner.username
  return (
    <Card withBorder padding="sm" data-testid="feed-item" data-event={eventKey(item)}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
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
          <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: item.id }} fw={600}>
            {item.name}
          </AnchorLink>
          <Text size="xs" c="dimmed">
            {cleaningTypeLabel(item.cleaning_type)} ·{" "}
            {new Date(item.event_timestamp).toLocaleString()}
          </Text>
        </div>
        <Text fw={700} data-testid="feed-price">
          {item.price}
        </Text>
      </Group>
    </Card>
  )
}

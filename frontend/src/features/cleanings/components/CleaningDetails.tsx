import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core"
import type { CleaningPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { cleaningTypeLabel } from "@/lib/money"

export function CleaningDetails({
  cleaning,
  actions,
}: {
  cleaning: CleaningPublic
  actions?: React.ReactNode
}) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={2}>{cleaning.name}</Title>
          {actions}
        </Group>
        <Group gap="xs">
          <Badge variant="light">{cleaningTypeLabel(cleaning.cleaning_type)}</Badge>
          <Text fw={700} size="lg" data-testid="cleaning-price">
            {cleaning.price}
          </Text>
        </Group>
        {cleaning.description && <Text>{cleaning.description}</Text>}
        <Text size="sm" c="dimmed">
          Posted by{" "}
          <AnchorLink to="/users/$username" params={{ username: cleaning.owner.username }}>
            {cleaning.owner.full_name || cleaning.owner.username}
          </AnchorLink>{" "}
          on {new Date(cleaning.created_at).toLocaleString()}
        </Text>
      </Stack>
    </Card>
  )
}

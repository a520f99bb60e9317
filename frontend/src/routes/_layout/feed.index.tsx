import { Group, Stack, Text, Title } from "@mantine/core"
import { createFileRoute } from "@tanstack/react-router"
import { AnchorLink } from "@/components/common/AnchorLink"
import { PeopleFeed } from "@/features/feed/components/PeopleFeed"

export const Route = createFileRoute("/_layout/feed/")({
  head: () => ({ meta: [{ title: "Activity feed · Spotless" }] }),
  component: FeedPage,
})

function FeedPage() {
  return (
    <Stack maw={760}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Activity feed</Title>
        <AnchorLink to="/feed/compare" size="sm">
          Compare offset and cursor paging
        </AnchorLink>
      </Group>
      <Text c="dimmed">Jobs just posted and changed, newest first.</Text>
      <PeopleFeed />
    </Stack>
  )
}

import { SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { createFileRoute } from "@tanstack/react-router"
import { CursorFeed } from "@/features/feed/components/CursorFeed"
import { OffsetFeed } from "@/features/feed/components/OffsetFeed"
import { pageSearch, validatePageSearch } from "@/lib/pagination"

export const Route = createFileRoute("/_layout/feed")({
  head: () => ({ meta: [{ title: "Activity feed · Spotless" }] }),
  validateSearch: validatePageSearch,
  component: FeedPage,
})

function FeedPage() {
  const page = Route.useSearch({ select: (s) => s.page ?? 1 })
  const navigate = Route.useNavigate()
  return (
    <Stack>
      <Title order={2}>Activity feed</Title>
      <Text c="dimmed">
        Jobs posted and changed, newest first, served two ways. Each load shows how long the server
        took (from its Server-Timing header).
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <OffsetFeed page={page} onPage={(p) => navigate({ search: pageSearch(p) })} />
        <CursorFeed />
      </SimpleGrid>
    </Stack>
  )
}

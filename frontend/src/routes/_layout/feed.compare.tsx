import { SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { createFileRoute } from "@tanstack/react-router"
import { AnchorLink } from "@/components/common/AnchorLink"
import { CursorFeed } from "@/features/feed/components/CursorFeed"
import { OffsetFeed } from "@/features/feed/components/OffsetFeed"
import { pageSearch, validatePageSearch } from "@/lib/pagination"

export const Route = createFileRoute("/_layout/feed/compare")({
  head: () => ({ meta: [{ title: "Feed: offset and cursor compared · Spotless" }] }),
  validateSearch: validatePageSearch,
  component: FeedComparePage,
})

/** The engineering view: the feed served both ways side by side (stacked on a phone). */
function FeedComparePage() {
  const page = Route.useSearch({ select: (s) => s.page ?? 1 })
  const navigate = Route.useNavigate()
  return (
    <Stack>
      <title>Compare offset and cursor paging · Spotless</title>
      <Title order={2}>Compare offset and cursor paging</Title>
      <Text c="dimmed">
        The activity feed served two ways. Each load shows how long the server took (from its
        Server-Timing header). <AnchorLink to="/feed">Back to the feed</AnchorLink>
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <OffsetFeed
          page={page}
          onPage={(p, replace) => navigate({ search: pageSearch(p), replace })}
        />
        <CursorFeed />
      </SimpleGrid>
    </Stack>
  )
}

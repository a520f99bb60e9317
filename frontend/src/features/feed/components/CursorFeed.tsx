import { Group, Stack, Text, Title } from "@mantine/core"
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query"
import { Fragment } from "react"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { cursorFeedQueryOptions, feedKeys } from "../api"
import { eventKey, FeedItem } from "./FeedItem"
import { LoadMore } from "./LoadMore"
import { NewEvents } from "./NewEvents"
import { Timing } from "./Timing"

/** The feed as one growing list, each "Load more" asking for the page after `next_cursor`. */
export function CursorFeed() {
  const queryClient = useQueryClient()
  const feed = useInfiniteQuery(cursorFeedQueryOptions)
  const pages = feed.data?.pages ?? []
  const showNew = async () => {
    await queryClient.resetQueries({ queryKey: feedKeys.cursor })
    await queryClient.invalidateQueries({ queryKey: feedKeys.latestCount })
  }
  return (
    <Stack
      gap="xs"
      data-testid="cursor-feed"
      component="section"
      aria-labelledby="cursor-feed-title"
    >
      <Group justify="space-between">
        <Title order={3} size="h4" id="cursor-feed-title">
          Load more (cursor)
        </Title>
        <NewEvents label="cursor" loadedCount={pages[0]?.count} onShow={showNew} />
      </Group>
      <Text size="sm" c="dimmed">
        Each load costs the same however far you go, and no event is shown twice.
      </Text>
      {feed.error ? (
        <ErrorState error={feed.error} />
      ) : !feed.data ? (
        <Loading label="Loading the feed" />
      ) : pages[0].count === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <>
          <Text size="sm" data-testid="cursor-status">
            Showing {pages.reduce((n, p) => n + p.data.length, 0)} of {pages[0].count}
          </Text>
          <Stack gap="xs">
            {pages.map((page, i) => (
              <Fragment key={page.loadedAt}>
                <Timing label={`Load ${i + 1}`} timing={page.timing} />
                {page.data.map((item) => (
                  <FeedItem key={eventKey(item)} item={item} />
                ))}
              </Fragment>
            ))}
          </Stack>
          <LoadMore
            hasMore={feed.hasNextPage}
            loading={feed.isFetchingNextPage}
            onLoad={() => feed.fetchNextPage()}
          />
        </>
      )}
    </Stack>
  )
}

import { Group, Stack, Text, Title } from "@mantine/core"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { usePageInRange } from "@/lib/pagination"
import type { ServerTiming } from "@/lib/timing"
import { FEED_PAGE_SIZE, feedKeys, offsetPageQueryOptions } from "../api"
import { eventKey, FeedItem } from "./FeedItem"
import { NewEvents } from "./NewEvents"
import { Timing } from "./Timing"

type Load = { page: number; timing?: ServerTiming; at: number }

/** The feed as numbered pages (`skip`/`limit`), "Page N of M" from `count`. */
export function OffsetFeed({
  page,
  onPage,
}: {
  page: number
  /** `replace`: a correction (past the end), not a step of the history. */
  onPage: (page: number, replace?: boolean) => void
}) {
  const queryClient = useQueryClient()
  const feed = useQuery(offsetPageQueryOptions(page))
  // Past the end (an old link): the last page there is.
  const past = usePageInRange(page, feed.data?.count, FEED_PAGE_SIZE, (last) => onPage(last, true))
  // Every page load and what it cost, newest first: deep pages cost more.
  const [loads, setLoads] = useState<Load[]>([])
  const loadedAt = feed.data?.loadedAt
  useEffect(() => {
    if (loadedAt && feed.data)
      setLoads((l) =>
        l.some((x) => x.at === loadedAt)
          ? l
          : [{ page, timing: feed.data.timing, at: loadedAt }, ...l].slice(0, 8),
      )
  }, [loadedAt, page, feed.data])
  const showNew = async () => {
    queryClient.removeQueries({ queryKey: feedKeys.offset })
    onPage(1)
    await queryClient.invalidateQueries({ queryKey: feedKeys.latestCount })
  }
  return (
    <Stack
      gap="xs"
      data-testid="offset-feed"
      component="section"
      aria-labelledby="offset-feed-title"
    >
      <Group justify="space-between">
        <Title order={3} size="h4" id="offset-feed-title">
          Pages (offset)
        </Title>
        <NewEvents label="offset" loadedCount={feed.data?.count} onShow={showNew} />
      </Group>
      <Text size="sm" c="dimmed">
        Skips to any page, but a deep page costs more, and new events shift the pages.
      </Text>
      {feed.error ? (
        <ErrorState error={feed.error} />
      ) : !feed.data || past ? (
        <Loading label="Loading the feed" />
      ) : feed.data.count === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <>
          <Paginator
            label="feed"
            page={page}
            count={feed.data.count}
            size={FEED_PAGE_SIZE}
            onChange={onPage}
            jump
          />
          <Stack gap={2} data-testid="offset-timings">
            {loads.map((load) => (
              <Timing key={load.at} label={`Page ${load.page}`} timing={load.timing} />
            ))}
          </Stack>
          <Stack gap="xs">
            {feed.data.data.map((item) => (
              <FeedItem key={eventKey(item)} item={item} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  )
}

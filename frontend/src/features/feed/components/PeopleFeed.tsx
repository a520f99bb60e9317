import { Button, Group, Stack, Text } from "@mantine/core"
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import type { CleaningFeedItem } from "@/client"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { feedKeys, latestCountQueryOptions, newestEvents, peopleFeedQueryOptions } from "../api"
import { eventKey, FeedItem } from "./FeedItem"

/**
 * The activity feed as one list: pages on the cursor ("Load more"), and one "N new" button that
 * puts the events that arrived since on top, without reloading or moving what is already shown.
 */
export function PeopleFeed() {
  const queryClient = useQueryClient()
  const feed = useInfiniteQuery(peopleFeedQueryOptions)
  const latest = useQuery(latestCountQueryOptions)
  // Events shown on top after "N new", newest first, and the count they bring the list to.
  const [fresh, setFresh] = useState<CleaningFeedItem[]>([])
  const [shownCount, setShownCount] = useState<number>()
  const [showing, setShowing] = useState(false)
  const pages = feed.data?.pages ?? []
  const total = shownCount ?? pages[0]?.count
  const arrived = total !== undefined && latest.data !== undefined ? latest.data - total : 0
  const loaded = [...fresh, ...pages.flatMap((p) => p.data)]

  const showNew = async () => {
    setShowing(true)
    try {
      const newest = await newestEvents(arrived)
      const known = new Set(loaded.map(eventKey))
      const added = newest.data.filter((item) => !known.has(eventKey(item)))
      if (arrived > newest.data.length) {
        // More arrived than one request brings: start the list over from the newest.
        setFresh([])
        setShownCount(undefined)
        await queryClient.resetQueries({ queryKey: feedKeys.people })
      } else {
        setFresh((f) => [...added, ...f])
        setShownCount(newest.count)
      }
      await queryClient.invalidateQueries({ queryKey: feedKeys.latestCount })
    } finally {
      setShowing(false)
    }
  }

  if (feed.error) return <ErrorState error={feed.error} />
  if (!feed.data) return <Loading label="Loading the feed" />
  if (loaded.length === 0 && arrived <= 0) return <Empty>Nothing has happened yet.</Empty>
  return (
    <Stack gap="xs" data-testid="people-feed">
      <Group justify="space-between" mih={30}>
        <Text size="sm" c="dimmed" data-testid="feed-status">
          Showing {loaded.length} of {total}
        </Text>
        {arrived > 0 && (
          <Button
            size="xs"
            color="orange"
            onClick={showNew}
            loading={showing}
            data-testid="feed-new"
          >
            {arrived} new
          </Button>
        )}
      </Group>
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: "none" }}>
        {loaded.map((item) => (
          <li key={eventKey(item)}>
            <FeedItem item={item} />
          </li>
        ))}
      </Stack>
      {feed.hasNextPage ? (
        <Button
          variant="light"
          onClick={() => feed.fetchNextPage()}
          loading={feed.isFetchingNextPage}
        >
          Load more
        </Button>
      ) : (
        <Text size="sm" c="dimmed" ta="center">
          That is everything.
        </Text>
      )}
    </Stack>
  )
}

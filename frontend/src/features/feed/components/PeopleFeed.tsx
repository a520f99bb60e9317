import { Button, Group, Stack, Text } from "@mantine/core"
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query"
import { useLayoutEffect, useRef, useState } from "react"
import type { CleaningFeedItem } from "@/client"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { feedKeys, latestCountQueryOptions, newestEvents, peopleFeedQueryOptions } from "../api"
import { eventKey, FeedItem } from "./FeedItem"
import { LoadMore } from "./LoadMore"

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
  const list = useRef<HTMLDivElement>(null)
  // The event being read when new ones were put on top, and where it was on the screen.
  const anchor = useRef<{ key: string; top: number } | null>(null)
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
        anchor.current = readingNow(list.current)
        setFresh((f) => [...added, ...f])
        setShownCount(newest.count)
      }
      await queryClient.invalidateQueries({ queryKey: feedKeys.latestCount })
    } finally {
      setShowing(false)
    }
  }

  // After new events went on top: scroll by what they added, so the one being read stays put.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when `fresh` grew
  useLayoutEffect(() => {
    const was = anchor.current
    anchor.current = null
    if (!was || !list.current) return
    const item = list.current.querySelector(`[data-event="${CSS.escape(was.key)}"]`)
    if (item) window.scrollBy(0, item.getBoundingClientRect().top - was.top)
  }, [fresh])

  if (feed.error) return <ErrorState error={feed.error} />
  if (!feed.data) return <Loading label="Loading the feed" />
  if (loaded.length === 0 && arrived <= 0) return <Empty>Nothing has happened yet.</Empty>
  return (
    <Stack gap="xs" data-testid="people-feed">
      {/* Stays in view while reading down: "N new" is always one click away. */}
      <Group
        justify="space-between"
        h={40}
        py={4}
        style={{
          position: "sticky",
          top: "var(--app-shell-header-height, 56px)",
          zIndex: 2,
          background: "var(--mantine-color-body)",
        }}
      >
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
      <Stack
        ref={list}
        gap="xs"
        component="ol"
        p={0}
        m={0}
        // The browser's own scroll anchoring is replaced by the effect above.
        style={{ listStyle: "none", overflowAnchor: "none" }}
      >
        {loaded.map((item) => (
          <li key={eventKey(item)}>
            <FeedItem item={item} />
          </li>
        ))}
      </Stack>
      <LoadMore
        hasMore={feed.hasNextPage}
        loading={feed.isFetchingNextPage}
        onLoad={() => feed.fetchNextPage()}
      />
    </Stack>
  )
}

/** The first event fully below the top of the window (none when the page is not scrolled). */
function readingNow(list: HTMLElement | null): { key: string; top: number } | null {
  if (!list || window.scrollY === 0) return null
  for (const item of list.querySelectorAll<HTMLElement>("[data-event]")) {
    const top = item.getBoundingClientRect().top
    if (top >= 0) return { key: item.dataset.event ?? "", top }
  }
  return null
}

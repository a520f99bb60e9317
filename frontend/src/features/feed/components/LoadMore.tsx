import { Button, Text } from "@mantine/core"

type Props = {
  hasMore: boolean
  loading: boolean
  onLoad: () => void
}

/** The end of a cursor list: "Load more" while there is a next cursor, else that it is all. */
export function LoadMore({ hasMore, loading, onLoad }: Props) {
  if (!hasMore) {
    return (
      <Text size="sm" c="dimmed" ta="center">
        That is everything.
      </Text>
    )
  }
  return (
    <Button variant="light" onClick={onLoad} loading={loading}>
      Load more
    </Button>
  )
}

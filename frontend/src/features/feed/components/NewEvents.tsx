import { Button } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { latestCountQueryOptions } from "../api"

/** "N new" once events arrived after `loadedCount` was read; clicking shows them. */
export function NewEvents({
  loadedCount,
  onShow,
  label,
}: {
  loadedCount: number | undefined
  onShow: () => void
  label: string
}) {
  const latest = useQuery(latestCountQueryOptions)
  const arrived =
    loadedCount === undefined || latest.data === undefined ? 0 : latest.data - loadedCount
  if (arrived <= 0) return null
  return (
    <Button size="xs" variant="filled" color="orange" onClick={onShow} data-testid={`${label}-new`}>
      {arrived} new
    </Button>
  )
}

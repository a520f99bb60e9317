import { Card, Group, Stack, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { notificationsQueryOptions } from "@/features/notifications/api"
import { MarkAllRead } from "@/features/notifications/components/MarkAllRead"
import { NotificationList } from "@/features/notifications/components/NotificationList"
import { pageSearch, toSkipLimit, usePageInRange, validatePageSearch } from "@/lib/pagination"

const PAGE_SIZE = 20

export const Route = createFileRoute("/_layout/notifications")({
  head: () => ({ meta: [{ title: "Notifications · Spotless" }] }),
  validateSearch: validatePageSearch,
  component: NotificationsPage,
})

function NotificationsPage() {
  const page = Route.useSearch({ select: (s) => s.page ?? 1 })
  const navigate = Route.useNavigate()
  const list = useQuery(notificationsQueryOptions(toSkipLimit(page, PAGE_SIZE)))
  const past = usePageInRange(page, list.data?.count, PAGE_SIZE, (p) =>
    navigate({ search: pageSearch(p), replace: true }),
  )
  return (
    <Stack maw={720}>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <MarkAllRead variant="default" />
      </Group>
      <Card withBorder p="xs">
        {list.error ? (
          <ErrorState error={list.error} />
        ) : !list.data || past ? (
          <Loading label="Loading notifications" />
        ) : list.data.count === 0 ? (
          <Empty>
            No notifications yet. Offers on your jobs and answers to your offers show here.
          </Empty>
        ) : (
          <>
            <NotificationList notifications={list.data.data} />
            <Paginator
              label="notifications"
              page={page}
              count={list.data.count}
              size={PAGE_SIZE}
              onChange={(p) => navigate({ search: pageSearch(p) })}
            />
          </>
        )}
      </Card>
    </Stack>
  )
}

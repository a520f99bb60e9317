import { Group, NativeSelect, Stack, Text, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { useEffect } from "react"
import type { OfferStatus } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { useCurrentUser } from "@/features/auth/api"
import { RatingNote } from "@/features/evaluations/components/RatingNote"
import { isOfferStatus, myOffersQueryOptions, OFFER_STATUSES } from "@/features/work/api"
import { MyOfferCard } from "@/features/work/components/MyOfferCard"
import { pageCount, toSkipLimit, validatePageSearch } from "@/lib/pagination"

const PAGE_SIZE = 10

type Search = { page?: number; status?: OfferStatus }

export const Route = createFileRoute("/_layout/my-work")({
  head: () => ({ meta: [{ title: "My work · Spotless" }] }),
  validateSearch: (search: Record<string, unknown>): Search => ({
    ...validatePageSearch(search),
    ...(isOfferStatus(search.status) ? { status: search.status } : {}),
  }),
  component: MyWorkPage,
})

const STATUS_OPTIONS = [
  { value: "", label: "All my offers" },
  ...OFFER_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })),
]

function MyWorkPage() {
  const { page = 1, status } = Route.useSearch()
  const navigate = Route.useNavigate()
  const { data: me } = useCurrentUser()
  const offers = useQuery(myOffersQueryOptions({ status, ...toSkipLimit(page, PAGE_SIZE) }))
  const go = (next: Search) =>
    navigate({
      search: {
        ...(next.page && next.page > 1 ? { page: next.page } : {}),
        ...(next.status ? { status: next.status } : {}),
      },
    })
  // Past the end (offers went away): the last page there is.
  const lastPage = offers.data ? pageCount(offers.data.count, PAGE_SIZE) : page
  useEffect(() => {
    if (page > lastPage) go({ page: lastPage, status })
  })
  return (
    <Stack maw={1000}>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>My work</Title>
        <NativeSelect
          label="Show"
          data={STATUS_OPTIONS}
          value={status ?? ""}
          onChange={(e) => {
            const value = e.currentTarget.value
            go({ status: isOfferStatus(value) ? value : undefined })
          }}
        />
      </Group>
      {offers.error ? (
        <ErrorState error={offers.error} />
      ) : !offers.data ? (
        <Loading label="Loading your offers" />
      ) : offers.data.count === 0 ? (
        <Empty>
          {status ? "No offers with this status. " : "You have not offered to do a job yet. "}
          <AnchorLink to="/find-work">Find work</AnchorLink>
        </Empty>
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="my-offers-count">
            {offers.data.count} offer{offers.data.count === 1 ? "" : "s"}
          </Text>
          <Stack gap="sm">
            {offers.data.data.map((offer) => (
              <MyOfferCard
                key={offer.cleaning_id}
                offer={offer}
                completed={(o) =>
                  me ? (
                    <RatingNote username={me.username} cleaningId={o.cleaning_id} />
                  ) : (
                    "Completed"
                  )
                }
              />
            ))}
          </Stack>
          <Paginator
            label="offers"
            page={page}
            count={offers.data.count}
            size={PAGE_SIZE}
            onChange={(p) => go({ page: p, status })}
          />
        </>
      )}
    </Stack>
  )
}

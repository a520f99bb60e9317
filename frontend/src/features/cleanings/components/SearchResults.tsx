import { Card, Group, Stack, Text } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { useEffect } from "react"
import type { CleaningPublic } from "@/client"
import { CleaningStatusBadge } from "@/components/common/CleaningStatusBadge"
import { JobLink } from "@/components/common/JobLink"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { formatDate, formatDay } from "@/lib/dates"
import { cleaningTypeLabel, Price } from "@/lib/money"
import { pageCount, toSkipLimit } from "@/lib/pagination"
import { fullName } from "@/lib/people"
import { searchCleaningsQueryOptions } from "../api"
import { type FindWorkSearch, hasFilters, toSearchQuery } from "../search"

export const SEARCH_PAGE_SIZE = 10

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** One page of the jobs matching `search`, "N jobs" and "Page N of M" from the server's count. */
export function SearchResults({
  search,
  page,
  onPage,
}: {
  search: FindWorkSearch
  page: number
  /** `replace`: a correction (past the end), not a step the back button should repeat. */
  onPage: (page: number, replace?: boolean) => void
}) {
  const results = useQuery(
    searchCleaningsQueryOptions(toSearchQuery(search, toSkipLimit(page, SEARCH_PAGE_SIZE))),
  )
  const count = results.data?.count
  const lastPage = count === undefined ? page : pageCount(count, SEARCH_PAGE_SIZE)
  // A page past the end (an old link, fewer jobs now): the last page there is.
  const pastTheEnd = !results.isPlaceholderData && page > lastPage
  useEffect(() => {
    if (pastTheEnd) onPage(lastPage, true)
  }, [pastTheEnd, lastPage, onPage])

  if (results.error) return <ErrorState error={results.error} />
  if (!results.data || pastTheEnd) return <Loading label="Loading jobs" />
  const { data, count: total } = results.data
  return (
    <Stack gap="sm" aria-busy={results.isFetching} data-testid="search-results">
      <Text fw={600} role="status" data-testid="search-count">
        {plural(total, "job", "jobs")}
      </Text>
      {total === 0 ? (
        <Empty>
          No jobs match
          {hasFilters(search) ? ". Try fewer words or wider filters." : " yet."}
        </Empty>
      ) : (
        <>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
            {data.map((cleaning) => (
              <li key={cleaning.id}>
                <ResultCard cleaning={cleaning} />
              </li>
            ))}
          </Stack>
          <Paginator
            label="search"
            page={page}
            count={total}
            size={SEARCH_PAGE_SIZE}
            onChange={onPage}
          />
        </>
      )}
    </Stack>
  )
}

function ResultCard({ cleaning }: { cleaning: CleaningPublic }) {
  const facts = [
    { key: "type", text: cleaningTypeLabel(cleaning.cleaning_type) },
    { key: "area", text: cleaning.area || "Anywhere" },
    { key: "date", text: cleaning.scheduled_on ? formatDay(cleaning.scheduled_on) : "Any day" },
    { key: "offers", text: plural(cleaning.offers_count, "offer", "offers") },
  ]
  return (
    <Card withBorder padding="sm" data-testid="search-result">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} miw={0}>
          <Group gap="xs">
            <JobLink id={cleaning.id} name={cleaning.name} />
            <CleaningStatusBadge status={cleaning.status} />
          </Group>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {facts.map((fact, i) => (
              <span key={fact.key}>
                {i > 0 && " · "}
                <span data-testid={`result-${fact.key}`}>{fact.text}</span>
              </span>
            ))}
          </Text>
          <Text size="xs" c="dimmed">
            Posted by {fullName(cleaning.owner)} on {formatDate(cleaning.created_at)}
          </Text>
        </Stack>
        <Text fw={700} size="lg" data-testid="result-price">
          <Price amount={cleaning.price} />
        </Text>
      </Group>
    </Card>
  )
}

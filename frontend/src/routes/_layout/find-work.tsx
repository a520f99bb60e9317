import { Stack, Text, Title } from "@mantine/core"
import { createFileRoute } from "@tanstack/react-router"
import { useCallback } from "react"
import { SearchFilters } from "@/features/cleanings/components/SearchFilters"
import { SearchResults } from "@/features/cleanings/components/SearchResults"
import { type FindWorkSearch, filtersOf, validateFindWorkSearch } from "@/features/cleanings/search"
import { pageSearch } from "@/lib/pagination"

// Every filter and the page live in the URL: back, forward, reload and a shared link all
// show the same view. Unreadable values fall back to their defaults.
export const Route = createFileRoute("/_layout/find-work")({
  head: () => ({ meta: [{ title: "Find work · Spotless" }] }),
  validateSearch: validateFindWorkSearch,
  component: FindWorkPage,
})

function FindWorkPage() {
  const search = Route.useSearch()
  const page = search.page ?? 1
  const filters = filtersOf(search)
  const navigate = Route.useNavigate()
  // New filters start again at page 1.
  const applyFilters = (next: FindWorkSearch) => navigate({ search: next })
  const goToPage = useCallback(
    (p: number, replace?: boolean) =>
      navigate({
        search: (current: FindWorkSearch) => ({ ...filtersOf(current), ...pageSearch(p) }),
        replace,
      }),
    [navigate],
  )
  return (
    <Stack>
      <Title order={2}>Find work</Title>
      <Text c="dimmed">Cleaning jobs posted by other people. Open jobs take offers.</Text>
      <SearchFilters search={filters} onApply={applyFilters} />
      <SearchResults search={filters} page={page} onPage={goToPage} />
    </Stack>
  )
}

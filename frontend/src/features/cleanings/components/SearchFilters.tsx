import {
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core"
import { IconSearch } from "@tabler/icons-react"
import { useEffect, useState } from "react"
import type { CleaningType, SearchSort, SearchStatus } from "@/client"
import { CLEANING_TYPES } from "@/lib/money"
import {
  DEFAULT_SORT,
  DEFAULT_STATUS,
  type FindWorkSearch,
  hasFilters,
  parseDate,
  parsePrice,
  parseTypes,
  SORT_OPTIONS,
  STATUS_OPTIONS,
} from "../search"

/** What the form holds while someone types: text, checked before it goes to the URL. */
type Draft = {
  q: string
  area: string
  types: CleaningType[]
  min: string
  max: string
  from: string
  to: string
  status: SearchStatus
  sort: SearchSort
}

type Errors = Partial<Record<"min" | "max" | "from" | "to", string>>

const toDraft = (search: FindWorkSearch): Draft => ({
  q: search.q ?? "",
  area: search.area ?? "",
  types: parseTypes(search.type),
  min: search.min?.toFixed(2) ?? "",
  max: search.max?.toFixed(2) ?? "",
  from: search.from ?? "",
  to: search.to ?? "",
  status: search.status ?? DEFAULT_STATUS,
  sort: search.sort ?? DEFAULT_SORT,
})

const PRICE_HINT = "A price like 25 or 19.99"

/** The draft as a view for the URL, or what is wrong with it (said next to the field). */
function check(draft: Draft): { search: FindWorkSearch } | { errors: Errors } {
  const errors: Errors = {}
  const min = parsePrice(draft.min)
  const max = parsePrice(draft.max)
  if (draft.min.trim() && min === undefined) errors.min = PRICE_HINT
  if (draft.max.trim() && max === undefined) errors.max = PRICE_HINT
  if (min !== undefined && max !== undefined && min > max)
    errors.max = "The maximum price cannot be below the minimum"
  const from = parseDate(draft.from)
  const to = parseDate(draft.to)
  if (draft.from && !from) errors.from = "A date like 2030-05-01"
  if (draft.to && !to) errors.to = "A date like 2030-05-01"
  if (from && to && to < from) errors.to = "The last day cannot be before the first"
  if (Object.keys(errors).length) return { errors }
  const search: FindWorkSearch = {}
  if (draft.q.trim()) search.q = draft.q.trim()
  if (draft.area.trim()) search.area = draft.area.trim()
  if (draft.types.length && draft.types.length < CLEANING_TYPES.length)
    search.type = parseTypes(draft.types).join(",")
  if (min !== undefined) search.min = min
  if (max !== undefined) search.max = max
  if (from) search.from = from
  if (to) search.to = to
  if (draft.status !== DEFAULT_STATUS) search.status = draft.status
  if (draft.sort !== DEFAULT_SORT) search.sort = draft.sort
  return { search }
}

/**
 * The filters of "Find work". Words, area, prices and dates apply with "Search" (or Enter);
 * types, status and order apply as soon as they change. The form follows the URL, so back and
 * forward show the filters of the results on screen.
 */
export function SearchFilters({
  search,
  onApply,
}: {
  search: FindWorkSearch
  onApply: (search: FindWorkSearch) => void
}) {
  const [draft, setDraft] = useState(() => toDraft(search))
  const [errors, setErrors] = useState<Errors>({})
  const shown = JSON.stringify(search)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` stands for `search`
  useEffect(() => {
    setDraft(toDraft(search))
    setErrors({})
  }, [shown])

  const apply = (next: Draft) => {
    const checked = check(next)
    if ("errors" in checked) setErrors(checked.errors)
    else {
      setErrors({})
      onApply(checked.search)
    }
  }
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    if (key in errors) setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const setAndApply = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    const next = { ...draft, [key]: value }
    setDraft(next)
    apply(next)
  }
  const text = (key: "q" | "area" | "min" | "max" | "from" | "to") => ({
    value: draft[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => set(key, event.currentTarget.value),
    error: key in errors ? errors[key as keyof Errors] : undefined,
  })

  return (
    <Card withBorder component="section" aria-label="Filters">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          apply(draft)
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              flex={1}
              type="search"
              label="Search"
              description="Words in the title, description or area; the last may be a word's start"
              maxLength={200}
              {...text("q")}
            />
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />}>
              Search
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
            <TextInput
              label="Area"
              description="A neighbourhood or town"
              maxLength={100}
              {...text("area")}
            />
            <Group grow align="flex-start" gap="xs" wrap="nowrap">
              <TextInput label="Min price" inputMode="decimal" {...text("min")} />
              <TextInput label="Max price" inputMode="decimal" {...text("max")} />
            </Group>
            <Group grow align="flex-start" gap="xs" wrap="nowrap">
              <TextInput label="From date" type="date" {...text("from")} />
              <TextInput label="To date" type="date" {...text("to")} />
            </Group>
            <Checkbox.Group
              label="Type"
              value={draft.types}
              onChange={(value) => setAndApply("types", parseTypes(value))}
            >
              <Group gap="sm" mt={6}>
                {CLEANING_TYPES.map((t) => (
                  <Checkbox key={t.value} value={t.value} label={t.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <NativeSelect
              label="Status"
              data={STATUS_OPTIONS}
              value={draft.status}
              onChange={(event) => setAndApply("status", event.currentTarget.value as SearchStatus)}
            />
            <NativeSelect
              label="Sort by"
              data={SORT_OPTIONS}
              value={draft.sort}
              onChange={(event) => setAndApply("sort", event.currentTarget.value as SearchSort)}
            />
          </SimpleGrid>
          {hasFilters(search) && (
            <Group justify="flex-end">
              <Button variant="subtle" size="xs" onClick={() => onApply({})}>
                Clear filters
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  )
}

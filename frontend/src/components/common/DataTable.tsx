import { Card, type MantineBreakpoint, Stack, Table, Text, useMantineTheme } from "@mantine/core"
import { useMediaQuery } from "@mantine/hooks"
import { useEffect } from "react"
import { pageCount } from "@/lib/pagination"
import { Paginator } from "./Paginator"
import { Empty, ErrorState, Loading } from "./States"

export type Column<T> = {
  header: string
  cell: (row: T) => React.ReactNode
  /** The row's buttons: last in a card, without a heading. */
  actions?: boolean
}

type Props<T> = {
  /** What the rows are, for accessible names and test ids: "users", "items". */
  label: string
  columns: Column<T>[]
  rowKey: (row: T) => string
  /** The page the server sent, and `count`, the total across all pages. */
  data?: { data: T[]; count: number }
  isLoading: boolean
  error: unknown
  page: number
  size: number
  onPageChange: (page: number) => void
  empty: React.ReactNode
  /** Below this width the rows are stacked cards (default `sm`): nothing scrolls sideways. */
  cardsBelow?: MantineBreakpoint
}

/**
 * A list in server mode (one page of rows, the page count from the server's `count`): a table
 * on wide screens, one card per row on narrow ones, each card's actions last.
 */
export function DataTable<T>(props: Props<T>) {
  const { label, columns, rowKey, data, isLoading, error, page, size, onPageChange } = props
  const theme = useMantineTheme()
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints[props.cardsBelow ?? "sm"]})`, true, {
    getInitialValueInEffect: false,
  })
  const lastPage = data ? pageCount(data.count, size) : page
  // Past the end (the last row of the last page was deleted): show the last page there is.
  useEffect(() => {
    if (page > lastPage) onPageChange(lastPage)
  }, [page, lastPage, onPageChange])
  if (error) return <ErrorState error={error} />
  if (isLoading || !data) return <Loading label={`Loading ${label}`} />
  if (data.count === 0) return <Empty>{props.empty}</Empty>
  return (
    <>
      {wide ? (
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover aria-label={label} data-testid={`${label}-table`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.header}>{c.header}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.data.map((row) => (
                <Table.Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.header}>{c.cell(row)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-label={label}
          data-testid={`${label}-cards`}
        >
          {data.data.map((row) => (
            <Card key={rowKey(row)} component="li" withBorder padding="sm" data-testid="card">
              <RowCard row={row} columns={columns} />
            </Card>
          ))}
        </Stack>
      )}
      <Paginator label={label} page={page} count={data.count} size={size} onChange={onPageChange} />
    </>
  )
}

/** One row as a card: the first column as its title, then "heading: value" lines, then actions. */
function RowCard<T>({ row, columns }: { row: T; columns: Column<T>[] }) {
  const [first, ...rest] = columns.filter((c) => !c.actions)
  const actions = columns.filter((c) => c.actions)
  return (
    <Stack gap={6}>
      <Text fw={600} style={{ overflowWrap: "anywhere" }} component="div">
        {first.cell(row)}
      </Text>
      <Stack gap={4} component="dl" m={0}>
        {rest.map((c) => (
          <Text
            key={c.header}
            size="sm"
            component="div"
            style={{ display: "flex", flexWrap: "wrap", gap: "0 8px", overflowWrap: "anywhere" }}
          >
            <Text component="dt" size="sm" c="dimmed" m={0}>
              {c.header}
            </Text>
            <Text component="dd" size="sm" m={0} miw={0}>
              {c.cell(row)}
            </Text>
          </Text>
        ))}
      </Stack>
      {actions.map((c) => (
        <div key={c.header}>{c.cell(row)}</div>
      ))}
    </Stack>
  )
}

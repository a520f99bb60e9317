import { Table } from "@mantine/core"
import { useEffect } from "react"
import { pageCount } from "@/lib/pagination"
import { Paginator } from "./Paginator"
import { Empty, ErrorState, Loading } from "./States"

export type Column<T> = { header: string; cell: (row: T) => React.ReactNode }

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
}

/** A table in server mode: one page of rows, the page count from the server's `count`. */
export function DataTable<T>(props: Props<T>) {
  const { label, columns, rowKey, data, isLoading, error, page, size, onPageChange } = props
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
      <Paginator label={label} page={page} count={data.count} size={size} onChange={onPageChange} />
    </>
  )
}

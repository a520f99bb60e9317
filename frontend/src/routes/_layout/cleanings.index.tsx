import { Button, Group, Stack, Title } from "@mantine/core"
import { IconPlus } from "@tabler/icons-react"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { useEffect } from "react"
import type { CleaningPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { CleaningStatusBadge } from "@/components/common/CleaningStatusBadge"
import { ConfirmRowDelete } from "@/components/common/ConfirmDelete"
import { DataTable } from "@/components/common/DataTable"
import { RowActions } from "@/components/common/RowActions"
import { myCleaningsQueryOptions, useDeleteCleaning } from "@/features/cleanings/api"
import { CleaningFormModal } from "@/features/cleanings/components/CleaningFormModal"
import { formatDate, formatDay } from "@/lib/dates"
import { cleaningTypeLabel, Price } from "@/lib/money"
import { type PageSearch, pageSearch, toSkipLimit, validatePageSearch } from "@/lib/pagination"
import { useRowDialogs } from "@/lib/useListPage"

const PAGE_SIZE = 10

type Search = PageSearch & { new?: boolean }

export const Route = createFileRoute("/_layout/cleanings/")({
  head: () => ({ meta: [{ title: "My cleanings · Spotless" }] }),
  // `?new=true` opens the new-job dialog (the dashboard's "Post a job").
  validateSearch: (search: Record<string, unknown>): Search => ({
    ...validatePageSearch(search),
    new: search.new === true || search.new === "true" || search.new === 1 ? true : undefined,
  }),
  component: MyCleaningsPage,
})

function MyCleaningsPage() {
  const { page = 1, new: asked } = Route.useSearch()
  const navigate = Route.useNavigate()
  const cleanings = useQuery(myCleaningsQueryOptions(toSkipLimit(page, PAGE_SIZE)))
  const dialogs = useRowDialogs<CleaningPublic>()
  const remove = useDeleteCleaning()
  const { add } = dialogs
  useEffect(() => {
    if (!asked) return
    add()
    navigate({ search: pageSearch(page), replace: true })
  }, [asked, add, navigate, page])
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>My cleanings</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={dialogs.add}>
          New cleaning
        </Button>
      </Group>
      <DataTable
        label="cleanings"
        rowKey={(c) => c.id}
        columns={[
          {
            header: "Name",
            cell: (c) => (
              <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: c.id }}>
                {c.name}
              </AnchorLink>
            ),
          },
          { header: "Status", cell: (c) => <CleaningStatusBadge status={c.status} /> },
          { header: "Type", cell: (c) => cleaningTypeLabel(c.cleaning_type) },
          { header: "Price", cell: (c) => <Price amount={c.price} /> },
          { header: "Area", cell: (c) => c.area ?? "" },
          { header: "Date", cell: (c) => (c.scheduled_on ? formatDay(c.scheduled_on) : "") },
          {
            header: "Offers",
            cell: (c) => <span data-testid="offers-count">{c.offers_count}</span>,
          },
          { header: "Posted", cell: (c) => formatDate(c.created_at) },
          {
            header: "Actions",
            actions: true,
            cell: (c) => (
              <RowActions
                name={c.name}
                onEdit={() => dialogs.edit(c)}
                onDelete={() => dialogs.remove(c)}
              />
            ),
          },
        ]}
        data={cleanings.data}
        isLoading={cleanings.isLoading}
        error={cleanings.error}
        page={page}
        size={PAGE_SIZE}
        onPageChange={(p) => navigate({ search: pageSearch(p) })}
        empty="You have not posted a cleaning yet."
      />
      {dialogs.editing && (
        <CleaningFormModal
          cleaning={dialogs.editing === "new" ? undefined : dialogs.editing}
          onClose={dialogs.closeEdit}
        />
      )}
      <ConfirmRowDelete
        title="Delete cleaning"
        row={dialogs.deleting}
        onClose={dialogs.closeDelete}
        remove={remove}
        id={(row) => row.id}
      >
        {(row) => <>Delete “{row.name}” and its offers? This cannot be undone.</>}
      </ConfirmRowDelete>
    </Stack>
  )
}

import { Button, Group, Stack, Title } from "@mantine/core"
import { IconPlus } from "@tabler/icons-react"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import type { ItemPublic } from "@/client"
import { ConfirmRowDelete } from "@/components/common/ConfirmDelete"
import { DataTable } from "@/components/common/DataTable"
import { RowActions } from "@/components/common/RowActions"
import { itemsQueryOptions, useDeleteItem } from "@/features/items/api"
import { ItemFormModal } from "@/features/items/components/ItemFormModal"
import { pageSearch, toSkipLimit, validatePageSearch } from "@/lib/pagination"
import { useRowDialogs } from "@/lib/useListPage"

const PAGE_SIZE = 10

export const Route = createFileRoute("/_layout/items")({
  head: () => ({ meta: [{ title: "Items · Spotless" }] }),
  validateSearch: validatePageSearch,
  component: ItemsPage,
})

function ItemsPage() {
  const page = Route.useSearch({ select: (s) => s.page ?? 1 })
  const navigate = Route.useNavigate()
  const items = useQuery(itemsQueryOptions(toSkipLimit(page, PAGE_SIZE)))
  const dialogs = useRowDialogs<ItemPublic>()
  const remove = useDeleteItem()
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Items</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={dialogs.add}>
          Add item
        </Button>
      </Group>
      <DataTable
        label="items"
        rowKey={(item) => item.id}
        columns={[
          { header: "Title", cell: (item) => item.title },
          { header: "Description", cell: (item) => item.description ?? "—" },
          {
            header: "Actions",
            actions: true,
            cell: (item) => (
              <RowActions
                name={item.title}
                onEdit={() => dialogs.edit(item)}
                onDelete={() => dialogs.remove(item)}
              />
            ),
          },
        ]}
        data={items.data}
        isLoading={items.isLoading}
        error={items.error}
        page={page}
        size={PAGE_SIZE}
        onPageChange={(p) => navigate({ search: pageSearch(p) })}
        empty="You don't have any items yet. Add one to get started."
      />
      {dialogs.editing && (
        <ItemFormModal
          item={dialogs.editing === "new" ? undefined : dialogs.editing}
          onClose={dialogs.closeEdit}
        />
      )}
      <ConfirmRowDelete
        title="Delete item"
        row={dialogs.deleting}
        onClose={dialogs.closeDelete}
        remove={remove}
        id={(row) => row.id}
      >
        {(row) => <>Delete “{row.title}”? This cannot be undone.</>}
      </ConfirmRowDelete>
    </Stack>
  )
}

import { Badge, Button, Group, Stack, Title } from "@mantine/core"
import { IconPlus } from "@tabler/icons-react"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import type { UserPublic } from "@/client"
import { ConfirmRowDelete } from "@/components/common/ConfirmDelete"
import { DataTable } from "@/components/common/DataTable"
import { RowActions } from "@/components/common/RowActions"
import { useCurrentUser } from "@/features/auth/api"
import { useDeleteUser, usersQueryOptions } from "@/features/users/api"
import { UserFormModal } from "@/features/users/components/UserFormModal"
import { pageSearch, toSkipLimit, validatePageSearch } from "@/lib/pagination"
import { useRowDialogs } from "@/lib/useListPage"

const PAGE_SIZE = 10

export const Route = createFileRoute("/_layout/admin")({
  head: () => ({ meta: [{ title: "Users (admin) · Spotless" }] }),
  validateSearch: validatePageSearch,
  component: AdminPage,
})

function AdminPage() {
  const page = Route.useSearch({ select: (s) => s.page ?? 1 })
  const navigate = Route.useNavigate()
  const { data: me } = useCurrentUser()
  // The API decides who may see this (a 403 shows "not allowed"), not the menu.
  const users = useQuery(usersQueryOptions(toSkipLimit(page, PAGE_SIZE)))
  const dialogs = useRowDialogs<UserPublic>()
  const remove = useDeleteUser()
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        {me?.is_superuser && (
          <Button leftSection={<IconPlus size={16} />} onClick={dialogs.add}>
            Add user
          </Button>
        )}
      </Group>
      <DataTable
        label="users"
        rowKey={(user) => user.id}
        columns={[
          { header: "Email", cell: (u) => u.email },
          { header: "Username", cell: (u) => u.username },
          { header: "Full name", cell: (u) => u.full_name ?? "—" },
          {
            header: "Role",
            cell: (u) => (u.is_superuser ? <Badge color="grape">Superuser</Badge> : "User"),
          },
          {
            header: "Status",
            cell: (u) =>
              u.is_active ? (
                <Badge color="teal">Active</Badge>
              ) : (
                <Badge color="gray">Inactive</Badge>
              ),
          },
          {
            header: "Actions",
            actions: true,
            cell: (u) => (
              <RowActions
                name={u.email}
                onEdit={() => dialogs.edit(u)}
                onDelete={() => dialogs.remove(u)}
              />
            ),
          },
        ]}
        data={users.data}
        isLoading={users.isLoading}
        error={users.error}
        page={page}
        size={PAGE_SIZE}
        onPageChange={(p) => navigate({ search: pageSearch(p) })}
        empty="No users."
      />
      {dialogs.editing && (
        <UserFormModal
          user={dialogs.editing === "new" ? undefined : dialogs.editing}
          onClose={dialogs.closeEdit}
        />
      )}
      <ConfirmRowDelete
        title="Delete user"
        row={dialogs.deleting}
        onClose={dialogs.closeDelete}
        remove={remove}
        id={(row) => row.id}
      >
        {(row) => <>Delete {row.email} and everything they own? This cannot be undone.</>}
      </ConfirmRowDelete>
    </Stack>
  )
}

import { Button, Stack, Text } from "@mantine/core"
import { useDisclosure } from "@mantine/hooks"
import { notifications } from "@mantine/notifications"
import { ConfirmDelete } from "@/components/common/ConfirmDelete"
import { useDeleteMe } from "../api"

export function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [opened, { open, close }] = useDisclosure()
  const remove = useDeleteMe()
  return (
    <Stack align="flex-start">
      <Text>
        Delete your account and everything you own: items, jobs, offers. This cannot be undone.
      </Text>
      <Button color="red" onClick={open}>
        Delete my account
      </Button>
      <ConfirmDelete
        title="Delete my account"
        opened={opened}
        onClose={close}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: (answer) => {
              notifications.show({ color: "teal", message: answer.message })
              onDeleted()
            },
          })
        }
      >
        Are you sure? Your account and all its data will be deleted for good.
      </ConfirmDelete>
    </Stack>
  )
}

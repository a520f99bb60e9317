import { Button, Group, Modal, Stack, Text } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import type { UseMutationResult } from "@tanstack/react-query"
import type { Message } from "@/client"
import { FormError } from "./States"

type Props = {
  title: string
  opened: boolean
  onClose: () => void
  onConfirm: () => void
  pending: boolean
  error: unknown
  children: React.ReactNode
}

export function ConfirmDelete({
  title,
  opened,
  onClose,
  onConfirm,
  pending,
  error,
  children,
}: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      trapFocus
      returnFocus
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Stack>
        <Text>{children}</Text>
        <FormError error={error} />
        <Group justify="flex-end">
          {/* Focus starts on the way out, not on the delete. */}
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

type RowDeleteProps<T> = {
  title: string
  /** The row to delete (null: the dialog is closed). */
  row: T | null
  onClose: () => void
  /** A delete mutation taking the row's id and answering the API's message. */
  remove: UseMutationResult<Message, Error, string>
  id: (row: T) => string
  children: (row: T) => React.ReactNode
}

/** Confirm, delete through `remove`, show the API's message, close. */
export function ConfirmRowDelete<T>({
  title,
  row,
  onClose,
  remove,
  id,
  children,
}: RowDeleteProps<T>) {
  return (
    <ConfirmDelete
      title={title}
      opened={row !== null}
      onClose={onClose}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        row &&
        remove.mutate(id(row), {
          onSuccess: (answer) => {
            notifications.show({ color: "teal", message: answer.message })
            onClose()
          },
        })
      }
    >
      {row && children(row)}
    </ConfirmDelete>
  )
}

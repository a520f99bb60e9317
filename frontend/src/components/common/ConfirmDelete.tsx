import { notifications } from "@mantine/notifications"
import type { UseMutationResult } from "@tanstack/react-query"
import type { Message } from "@/client"
import { ConfirmDialog } from "./ConfirmDialog"

type Props = {
  title: string
  opened: boolean
  onClose: () => void
  onConfirm: () => void
  pending: boolean
  error: unknown
  children: React.ReactNode
}

/** Ask before deleting; focus starts on the way out, not on the delete. */
export function ConfirmDelete(props: Props) {
  return <ConfirmDialog {...props} confirmLabel="Delete" cancelLabel="Cancel" danger focusCancel />
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

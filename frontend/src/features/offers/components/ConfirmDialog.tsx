import { Button, Group, Modal, Stack, Text } from "@mantine/core"
import { FormError } from "@/components/common/States"

type Props = {
  /** The dialog's accessible name. */
  title: string
  opened: boolean
  /** What happens if confirmed, in one or two sentences. */
  children: React.ReactNode
  confirmLabel: string
  /** A red button for what the other party will not like (cancelling, taking back). */
  danger?: boolean
  onConfirm: () => void
  onClose: () => void
  pending: boolean
  /** The failed request's error: the API's detail shows in the dialog. */
  error: unknown
}

/** Ask before a change to an offer that others are told about; the confirm button has focus. */
export function ConfirmDialog(props: Props) {
  const { title, opened, children, confirmLabel, danger, onConfirm, onClose, pending, error } =
    props
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
        <Text data-testid="confirm-text">{children}</Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Not now
          </Button>
          <Button
            data-autofocus
            color={danger ? "red" : undefined}
            onClick={onConfirm}
            loading={pending}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

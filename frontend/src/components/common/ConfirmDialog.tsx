import { Button, Group, Modal, Stack, Text } from "@mantine/core"
import { FormError } from "./States"

type Props = {
  /** The dialog's accessible name. */
  title: string
  opened: boolean
  /** What happens if confirmed, in one or two sentences. */
  children: React.ReactNode
  confirmLabel: string
  /** A red button for what the other party will not like (cancelling, taking back, deleting). */
  danger?: boolean
  /** The way out's label ("Not now" by default). */
  cancelLabel?: string
  /** Start on the way out rather than on the confirm button (for what cannot be undone). */
  focusCancel?: boolean
  onConfirm: () => void
  onClose: () => void
  pending: boolean
  /** The failed request's error: the API's detail shows in the dialog. */
  error: unknown
}

/** Ask before a change that others are told about or that cannot be undone; focus starts on
 * the confirm button, or on the way out with `focusCancel`. */
export function ConfirmDialog(props: Props) {
  const { title, opened, children, confirmLabel, danger, onConfirm, onClose, pending, error } =
    props
  const { cancelLabel = "Not now", focusCancel = false } = props
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
          <Button variant="default" onClick={onClose} data-autofocus={focusCancel || undefined}>
            {cancelLabel}
          </Button>
          <Button
            data-autofocus={!focusCancel || undefined}
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

import { Button, Group, Modal, Stack } from "@mantine/core"
import { useEffect } from "react"
import { FormError } from "./States"

type Props = {
  title: string
  onClose: () => void
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void
  /** The failed request's error: its `detail` shows above the buttons. */
  error: unknown
  pending: boolean
  submitLabel?: string
  children: React.ReactNode
}

/**
 * Focus goes back to what opened the dialog once it is gone. Mantine's `returnFocus` does this
 * when `opened` turns false, but these dialogs are mounted open and unmounted to close.
 */
function useReturnFocus() {
  useEffect(() => {
    const opener = document.activeElement
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [])
}

/**
 * A form in a dialog: its fields, the API's error if the request failed, Cancel and submit.
 * Focus is trapped inside; it starts on the field marked `data-autofocus` (the first one).
 */
export function FormModal(props: Props) {
  const { title, onClose, onSubmit, error, pending, submitLabel = "Save", children } = props
  useReturnFocus()
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      trapFocus
      returnFocus
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <form onSubmit={onSubmit}>
        <Stack>
          {children}
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

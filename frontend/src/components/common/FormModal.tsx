import { Button, Group, Modal, Stack } from "@mantine/core"
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

/** A form in a dialog: its fields, the API's error if the request failed, Cancel and submit. */
export function FormModal(props: Props) {
  const { title, onClose, onSubmit, error, pending, submitLabel = "Save", children } = props
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ "aria-label": "Close" }}>
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

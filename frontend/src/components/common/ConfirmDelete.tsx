import { Button, Group, Modal, Stack, Text } from "@mantine/core"
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
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Stack>
        <Text>{children}</Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
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

import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import type { ItemPublic } from "@/client"
import { FormError } from "@/components/common/States"
import { useCreateItem, useUpdateItem } from "../api"

/** Create an item, or edit `item` when given. */
export function ItemFormModal({ item, onClose }: { item?: ItemPublic; onClose: () => void }) {
  const create = useCreateItem()
  const update = useUpdateItem()
  const mutation = item ? update : create
  const form = useForm({
    initialValues: {
      title: item?.title ?? "",
      description: item?.description ?? "",
    },
    validate: { title: (v) => (v.trim() ? null : "Enter a title") },
  })
  const submit = form.onSubmit((v) => {
    const body = {
      title: v.title.trim(),
      description: v.description.trim() || null,
    }
    if (item) update.mutate({ id: item.id, body }, { onSuccess: onClose })
    else create.mutate(body, { onSuccess: onClose })
  })
  return (
    <Modal
      opened
      onClose={onClose}
      title={item ? "Edit item" : "Add item"}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Title" {...form.getInputProps("title")} />
          <Textarea label="Description" {...form.getInputProps("description")} />
          <FormError error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

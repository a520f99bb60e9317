import { Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import type { ItemPublic } from "@/client"
import { FormModal } from "@/components/common/FormModal"
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
    <FormModal
      title={item ? "Edit item" : "Add item"}
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      pending={mutation.isPending}
    >
      <TextInput data-autofocus label="Title" {...form.getInputProps("title")} />
      <Textarea label="Description" {...form.getInputProps("description")} />
    </FormModal>
  )
}

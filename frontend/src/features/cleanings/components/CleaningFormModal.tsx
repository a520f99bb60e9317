import { Select, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import type { CleaningPublic, CleaningType } from "@/client"
import { FormModal } from "@/components/common/FormModal"
import { CLEANING_TYPES, checkPrice } from "@/lib/money"
import { useCreateCleaning, useUpdateCleaning } from "../api"

/** Post a cleaning job, or edit `cleaning` when given. */
export function CleaningFormModal({
  cleaning,
  onClose,
}: {
  cleaning?: CleaningPublic
  onClose: () => void
}) {
  const create = useCreateCleaning()
  const update = useUpdateCleaning()
  const mutation = cleaning ? update : create
  const form = useForm({
    initialValues: {
      name: cleaning?.name ?? "",
      description: cleaning?.description ?? "",
      price: cleaning?.price ?? "",
      cleaning_type: (cleaning?.cleaning_type ?? "spot_clean") as CleaningType,
    },
    validate: {
      name: (v) => (v.trim() ? null : "Enter a name"),
      price: checkPrice,
    },
  })
  const submit = form.onSubmit((v) => {
    // The price goes as the typed string: exact, no float on the way.
    const body = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      price: v.price.trim(),
      cleaning_type: v.cleaning_type,
    }
    if (cleaning) update.mutate({ id: cleaning.id, body }, { onSuccess: onClose })
    else create.mutate(body, { onSuccess: onClose })
  })
  return (
    <FormModal
      title={cleaning ? "Edit cleaning" : "New cleaning"}
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      pending={mutation.isPending}
    >
      <TextInput label="Name" {...form.getInputProps("name")} />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
      <TextInput label="Price" inputMode="decimal" {...form.getInputProps("price")} />
      <Select
        label="Type"
        data={CLEANING_TYPES.map((t) => ({ ...t }))}
        allowDeselect={false}
        {...form.getInputProps("cleaning_type")}
      />
    </FormModal>
  )
}

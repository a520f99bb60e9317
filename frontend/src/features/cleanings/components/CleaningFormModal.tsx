import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import type { CleaningPublic, CleaningType } from "@/client"
import { FormError } from "@/components/common/States"
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
    <Modal
      opened
      onClose={onClose}
      title={cleaning ? "Edit cleaning" : "New cleaning"}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" {...form.getInputProps("name")} />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            {...form.getInputProps("description")}
          />
          <TextInput label="Price" inputMode="decimal" {...form.getInputProps("price")} />
          <Select
            label="Type"
            data={CLEANING_TYPES.map((t) => ({ ...t }))}
            allowDeselect={false}
            {...form.getInputProps("cleaning_type")}
          />
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

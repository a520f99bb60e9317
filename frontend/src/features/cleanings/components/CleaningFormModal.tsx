import { Select, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { useQuery } from "@tanstack/react-query"
import type { CleaningPublic, CleaningType } from "@/client"
import { FormModal } from "@/components/common/FormModal"
import { CLEANING_TYPES, checkPrice, normalizePrice } from "@/lib/money"
import { cleaningQueryOptions, useCreateCleaning, useUpdateCleaning } from "../api"

const FIXED = "Fixed once a cleaner is hired"

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
  // Hired or completed: the API refuses a new price, type, area or date (409), so the form
  // does not offer them. The job is asked for again as the form opens, since a cleaner may have
  // been hired since the page loaded; one hired while the form is open still gets the 409.
  const current = useQuery({ ...cleaningQueryOptions(cleaning?.id ?? ""), enabled: !!cleaning })
  const status = current.data?.status ?? cleaning?.status
  const fixed = !!cleaning && status !== "open"
  const form = useForm({
    initialValues: {
      name: cleaning?.name ?? "",
      description: cleaning?.description ?? "",
      price: cleaning?.price ?? "",
      cleaning_type: (cleaning?.cleaning_type ?? "spot_clean") as CleaningType,
      area: cleaning?.area ?? "",
      scheduled_on: cleaning?.scheduled_on ?? "",
    },
    validate: {
      name: (v) => (v.trim() ? null : "Enter a name"),
      price: (v) => (fixed ? null : checkPrice(v)),
      area: (v) => (v.trim().length > 100 ? "At most 100 characters" : null),
    },
  })
  const submit = form.onSubmit((v) => {
    const body = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      ...(fixed
        ? {}
        : {
            // The price goes as the typed string: exact, no float on the way.
            price: normalizePrice(v.price),
            cleaning_type: v.cleaning_type,
            area: v.area.trim() || null,
            scheduled_on: v.scheduled_on || null,
          }),
    }
    if (cleaning) update.mutate({ id: cleaning.id, body }, { onSuccess: onClose })
    else create.mutate({ ...body, price: normalizePrice(v.price) }, { onSuccess: onClose })
  })
  const fixedProps = fixed ? { disabled: true, description: FIXED } : {}
  return (
    <FormModal
      title={cleaning ? "Edit cleaning" : "New cleaning"}
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      pending={mutation.isPending}
    >
      <TextInput data-autofocus label="Name" {...form.getInputProps("name")} />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
      <TextInput
        label="Price"
        description={fixed ? undefined : "Like 85.50 or 85,50"}
        inputMode="decimal"
        {...form.getInputProps("price")}
        {...fixedProps}
      />
      <Select
        label="Type"
        data={CLEANING_TYPES.map((t) => ({ ...t }))}
        allowDeselect={false}
        {...form.getInputProps("cleaning_type")}
        {...fixedProps}
      />
      <TextInput
        label="Area"
        description={fixed ? FIXED : "A neighbourhood or town, so cleaners nearby find it"}
        maxLength={100}
        {...form.getInputProps("area")}
        disabled={fixed}
      />
      <TextInput
        label="Date"
        type="date"
        description={fixed ? FIXED : "The day of the job (optional)"}
        {...form.getInputProps("scheduled_on")}
        disabled={fixed}
      />
    </FormModal>
  )
}

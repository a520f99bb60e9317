import { Checkbox, NumberInput, SimpleGrid, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import { FormModal } from "@/components/common/FormModal"
import { useEvaluate } from "../api"

const rating = (required: boolean) => (v: number | string) =>
  v === "" && !required
    ? null
    : Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 5 && v !== ""
      ? null
      : "A whole number from 0 to 5"
const optional = (v: number | string) => (v === "" ? null : Number(v))

/** The owner evaluates the cleaner whose offer they accepted. */
export function EvaluateModal({
  cleaningId,
  username,
  onClose,
  onEvaluated,
}: {
  cleaningId: string
  username: string
  onClose: () => void
  onEvaluated: () => void
}) {
  const evaluate = useEvaluate(cleaningId, username, onEvaluated)
  const form = useForm({
    initialValues: {
      overall_rating: "" as number | string,
      professionalism: "" as number | string,
      completeness: "" as number | string,
      efficiency: "" as number | string,
      headline: "",
      comment: "",
      no_show: false,
    },
    validate: {
      overall_rating: rating(true),
      professionalism: rating(false),
      completeness: rating(false),
      efficiency: rating(false),
    },
  })
  const submit = form.onSubmit((v) =>
    evaluate.mutate(
      {
        overall_rating: Number(v.overall_rating),
        professionalism: optional(v.professionalism),
        completeness: optional(v.completeness),
        efficiency: optional(v.efficiency),
        headline: v.headline.trim() || null,
        comment: v.comment.trim() || null,
        no_show: v.no_show,
      },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: `You evaluated ${username}` })
          onClose()
        },
      },
    ),
  )
  return (
    <FormModal
      title={`Evaluate ${username}`}
      onClose={onClose}
      onSubmit={submit}
      error={evaluate.error}
      pending={evaluate.isPending}
      submitLabel="Submit evaluation"
    >
      <NumberInput
        label="Overall rating (0-5)"
        min={0}
        max={5}
        {...form.getInputProps("overall_rating")}
      />
      <SimpleGrid cols={3}>
        <NumberInput
          label="Professionalism"
          min={0}
          max={5}
          {...form.getInputProps("professionalism")}
        />
        <NumberInput label="Completeness" min={0} max={5} {...form.getInputProps("completeness")} />
        <NumberInput label="Efficiency" min={0} max={5} {...form.getInputProps("efficiency")} />
      </SimpleGrid>
      <TextInput label="Headline" {...form.getInputProps("headline")} />
      <Textarea label="Comment" autosize minRows={2} {...form.getInputProps("comment")} />
      <Checkbox
        label="The cleaner did not show up"
        {...form.getInputProps("no_show", { type: "checkbox" })}
      />
    </FormModal>
  )
}

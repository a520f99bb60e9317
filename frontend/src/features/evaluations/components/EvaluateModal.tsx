import { Checkbox, NumberInput, SimpleGrid, Text, Textarea, TextInput } from "@mantine/core"
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

/** The owner evaluates the cleaner whose offer they accepted, which completes the job. */
export function EvaluateModal({
  cleaningId,
  username,
  name,
  onClose,
  onEvaluated,
}: {
  cleaningId: string
  username: string
  /** How the cleaner is named: their full name, or their username. */
  name: string
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
          notifications.show({
            color: "teal",
            message: `You evaluated ${name}: the job is completed`,
          })
          onClose()
        },
      },
    ),
  )
  return (
    <FormModal
      title={`Evaluate ${name}`}
      onClose={onClose}
      onSubmit={submit}
      error={evaluate.error}
      pending={evaluate.isPending}
      submitLabel="Submit evaluation"
    >
      <Text size="sm" data-testid="evaluate-note">
        Evaluating completes the job. {name} is told, and the evaluation cannot be changed
        afterwards.
      </Text>
      <NumberInput
        data-autofocus
        label="Overall rating (0-5)"
        min={0}
        max={5}
        {...form.getInputProps("overall_rating")}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
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

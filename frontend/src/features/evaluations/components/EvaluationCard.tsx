import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core"
import { IconStar, IconStarFilled } from "@tabler/icons-react"
import type { EvaluationPublic } from "@/client"

/** A rating as five stars, read out as "Rated 4 out of 5". */
export function Stars({ rating, size = 22 }: { rating: number; size?: number }) {
  return (
    <Group
      gap={2}
      wrap="nowrap"
      role="img"
      aria-label={`Rated ${rating} out of 5`}
      data-testid="evaluation-stars"
    >
      {[1, 2, 3, 4, 5].map((n) =>
        n <= rating ? (
          <IconStarFilled key={n} size={size} color="var(--mantine-color-yellow-6)" aria-hidden />
        ) : (
          <IconStar key={n} size={size} color="var(--mantine-color-gray-5)" aria-hidden />
        ),
      )}
    </Group>
  )
}

const PARTS = [
  ["professionalism", "Professionalism"],
  ["completeness", "Completeness"],
  ["efficiency", "Efficiency"],
] as const

/** One evaluation of a cleaner for a job: stars, headline, comment and the detailed ratings. */
export function EvaluationCard({
  evaluation,
  title,
}: {
  evaluation: EvaluationPublic
  title: string
}) {
  const parts = PARTS.filter(([key]) => evaluation[key] != null)
  return (
    <Card withBorder data-testid="evaluation">
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="xs">
        <Group gap="sm">
          <Stars rating={evaluation.overall_rating} />
          <Text fw={600}>{evaluation.overall_rating}/5</Text>
          {evaluation.no_show && (
            <Badge color="red" variant="light">
              No-show
            </Badge>
          )}
        </Group>
        {evaluation.headline && (
          <Text fw={600} data-testid="evaluation-headline">
            {evaluation.headline}
          </Text>
        )}
        {evaluation.comment && (
          <Text style={{ whiteSpace: "pre-wrap" }} data-testid="evaluation-comment">
            {evaluation.comment}
          </Text>
        )}
        {parts.length > 0 && (
          <Group gap="lg">
            {parts.map(([key, label]) => (
              <Text key={key} size="sm">
                {label}: {evaluation[key]}/5
              </Text>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  )
}

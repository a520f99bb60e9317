import { Badge, Card, Divider, Group, Stack, Text, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { Fragment } from "react"
import type { EvaluationPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { formatDate } from "@/lib/dates"
import { toSkipLimit, usePageInRange } from "@/lib/pagination"
import { fullName } from "@/lib/people"
import { evaluationsQueryOptions } from "../api"
import { Stars } from "./Stars"

const PAGE_SIZE = 5

type Props = { username: string; page: number; onPageChange: (page: number) => void }

/** The evaluations `username` received, newest first, paged on the server. */
export function Reviews({ username, page, onPageChange }: Props) {
  const reviews = useQuery(evaluationsQueryOptions(username, toSkipLimit(page, PAGE_SIZE)))
  const past = usePageInRange(page, reviews.data?.count, PAGE_SIZE, onPageChange)
  return (
    <Card withBorder data-testid="reviews">
      <Title order={3} size="h4" mb="sm">
        Reviews
      </Title>
      {reviews.error ? (
        <ErrorState error={reviews.error} />
      ) : !reviews.data || past ? (
        <Loading label="Loading reviews" />
      ) : reviews.data.count === 0 ? (
        <Empty>No reviews yet.</Empty>
      ) : (
        <>
          <Stack gap="sm">
            {reviews.data.data.map((review, i) => (
              <Fragment key={review.cleaning_id}>
                {i > 0 && <Divider />}
                <Review review={review} />
              </Fragment>
            ))}
          </Stack>
          <Paginator
            label="reviews"
            page={page}
            count={reviews.data.count}
            size={PAGE_SIZE}
            onChange={onPageChange}
          />
        </>
      )}
    </Card>
  )
}

const DETAILS = [
  ["Professionalism", "professionalism"],
  ["Completeness", "completeness"],
  ["Efficiency", "efficiency"],
] as const

function Review({ review: r }: { review: EvaluationPublic }) {
  const details = DETAILS.filter(([, key]) => r[key] !== null && r[key] !== undefined)
  return (
    <Stack gap={4} data-testid="review">
      <Group gap="sm">
        <Stars value={r.overall_rating} />
        {r.no_show && (
          <Badge color="red" variant="light">
            No-show
          </Badge>
        )}
      </Group>
      {r.headline && <Text fw={700}>{r.headline}</Text>}
      {r.comment && (
        <Text size="sm" style={{ whiteSpace: "pre-line" }}>
          {r.comment}
        </Text>
      )}
      {details.length > 0 && (
        <Text size="xs" c="dimmed">
          {details.map(([label, key]) => `${label} ${r[key]}/5`).join(" · ")}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        By{" "}
        {r.evaluator ? (
          <AnchorLink to="/users/$username" params={{ username: r.evaluator.username }} size="xs">
            {fullName(r.evaluator)}
          </AnchorLink>
        ) : (
          "a former member"
        )}
        , {formatDate(r.created_at)} ·{" "}
        <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: r.cleaning_id }} size="xs">
          {r.cleaning_name ?? "See the job"}
        </AnchorLink>
      </Text>
    </Stack>
  )
}

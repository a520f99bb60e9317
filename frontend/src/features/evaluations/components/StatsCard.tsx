import { Card, Group, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import type { EvaluationStats } from "@/client"
import { ErrorState, Loading } from "@/components/common/States"
import { statsQueryOptions } from "../api"

const BUCKETS = [
  ["five_stars", 5],
  ["four_stars", 4],
  ["three_stars", 3],
  ["two_stars", 2],
  ["one_stars", 1],
  ["zero_stars", 0],
] as const satisfies readonly (readonly [keyof EvaluationStats, number])[]

const average = (value: number | null) => (value === null ? "—" : value.toFixed(2))

/** A cleaner's evaluation stats: averages, and how many evaluations gave each star count. */
export function StatsCard({ username }: { username: string }) {
  const stats = useQuery(statsQueryOptions(username))
  if (stats.error) return <ErrorState error={stats.error} />
  if (!stats.data) return <Loading label="Loading evaluation stats" />
  const s = stats.data
  return (
    <Card withBorder data-testid="evaluation-stats">
      <Title order={3} size="h4" mb="sm">
        As a cleaner
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        <Metric label="Overall" value={average(s.avg_overall_rating)} />
        <Metric label="Professionalism" value={average(s.avg_professionalism)} />
        <Metric label="Completeness" value={average(s.avg_completeness)} />
        <Metric label="Efficiency" value={average(s.avg_efficiency)} />
      </SimpleGrid>
      <Text size="sm" mb="xs" data-testid="evaluation-total">
        {s.total_evaluations} evaluation{s.total_evaluations === 1 ? "" : "s"}, {s.total_no_show}{" "}
        no-show{s.total_no_show === 1 ? "" : "s"}
      </Text>
      <Stack gap={4} role="list" aria-label="Evaluations by stars">
        {BUCKETS.map(([key, stars]) => {
          const n = s[key] as number
          const share = s.total_evaluations ? (100 * n) / s.total_evaluations : 0
          return (
            <Group
              key={key}
              gap="xs"
              wrap="nowrap"
              role="listitem"
              aria-label={`${stars} stars: ${n}`}
            >
              <Text size="sm" w={60}>
                {stars} ★
              </Text>
              <Progress value={share} flex={1} size="lg" aria-hidden />
              <Text size="sm" w={30} ta="right" data-testid={`stars-${stars}`}>
                {n}
              </Text>
            </Group>
          )
        })}
      </Stack>
    </Card>
  )
}

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" aria-label={`${label} average`}>
        {value}
      </Text>
    </Stack>
  )
}

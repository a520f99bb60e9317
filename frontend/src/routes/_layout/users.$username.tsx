import { Avatar, Card, Group, Stack, Table, Text, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { useState } from "react"
import { AnchorLink } from "@/components/common/AnchorLink"
import { Paginator } from "@/components/common/Paginator"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { ownerCleaningsQueryOptions } from "@/features/cleanings/api"
import { Reviews } from "@/features/evaluations/components/Reviews"
import { StatsCard } from "@/features/evaluations/components/StatsCard"
import { profileQueryOptions } from "@/features/profiles/api"
import { formatDate } from "@/lib/dates"
import { cleaningTypeLabel, Price } from "@/lib/money"
import { toSkipLimit, validatePageSearch } from "@/lib/pagination"
import { fullName } from "@/lib/people"

const PAGE_SIZE = 10

type Search = { reviews?: number }

export const Route = createFileRoute("/_layout/users/$username")({
  // The reviews' page, in the URL like every list's (`?reviews=2`).
  validateSearch: (search: Record<string, unknown>): Search => {
    const { page } = validatePageSearch({ page: search.reviews })
    return page ? { reviews: page } : {}
  },
  // The profile comes first so the page's title can name its person; a failure is the page's.
  loader: ({ context: { queryClient }, params }) =>
    queryClient.ensureQueryData(profileQueryOptions(params.username)).catch(() => undefined),
  head: ({ loaderData, params }) => ({
    meta: [{ title: `${loaderData?.full_name || params.username} · Spotless` }],
  }),
  component: ProfilePage,
})

function ProfilePage() {
  const { username } = Route.useParams()
  const reviewsPage = Route.useSearch({ select: (s) => s.reviews ?? 1 })
  const navigate = Route.useNavigate()
  const profile = useQuery(profileQueryOptions(username))
  if (profile.error)
    return (
      <ErrorState error={profile.error} notFound={`There is no one called “${username}” here.`} />
    )
  if (!profile.data) return <Loading label="Loading the profile" />
  const p = profile.data
  return (
    <Stack maw={900}>
      <Card withBorder>
        <Group>
          {/* `image` is the app's own address of the picture (same origin): offline-safe. */}
          <Avatar
            src={p.image ?? undefined}
            size="xl"
            color="initials"
            name={fullName(p)}
            alt={p.image ? `Picture of ${fullName(p)}` : ""}
            data-testid="profile-avatar"
          />
          <Stack gap={0}>
            <Title order={2}>{fullName(p)}</Title>
            <Text c="dimmed">@{p.username}</Text>
            <Text size="sm" c="dimmed">
              Member since {formatDate(p.created_at)}
            </Text>
          </Stack>
        </Group>
        {p.bio && <Text mt="sm">{p.bio}</Text>}
        {p.phone_number && (
          <Text mt="xs" size="sm">
            Phone: {p.phone_number}
          </Text>
        )}
      </Card>
      <StatsCard username={username} />
      <Reviews
        username={username}
        page={reviewsPage}
        onPageChange={(page) =>
          navigate({ search: page > 1 ? { reviews: page } : {}, resetScroll: false })
        }
      />
      <TheirCleanings username={username} />
    </Stack>
  )
}

function TheirCleanings({ username }: { username: string }) {
  const [page, setPage] = useState(1)
  const cleanings = useQuery(ownerCleaningsQueryOptions(username, toSkipLimit(page, PAGE_SIZE)))
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        Jobs posted
      </Title>
      {cleanings.error ? (
        <ErrorState error={cleanings.error} />
      ) : !cleanings.data ? (
        <Loading label="Loading jobs" />
      ) : cleanings.data.count === 0 ? (
        <Empty>No jobs posted.</Empty>
      ) : (
        <>
          <Table aria-label="jobs posted">
            <Table.Tbody>
              {cleanings.data.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: c.id }}>
                      {c.name}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{cleaningTypeLabel(c.cleaning_type)}</Table.Td>
                  <Table.Td>
                    <Price amount={c.price} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Paginator
            label="jobs"
            page={page}
            count={cleanings.data.count}
            size={PAGE_SIZE}
            onChange={setPage}
          />
        </>
      )}
    </Card>
  )
}

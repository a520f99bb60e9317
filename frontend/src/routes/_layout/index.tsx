import {
  Badge,
  Button,
  type ButtonProps,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core"
import { IconBriefcase, IconSearch } from "@tabler/icons-react"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute, createLink } from "@tanstack/react-router"
import { forwardRef } from "react"
import { AnchorLink } from "@/components/common/AnchorLink"
import { Empty, ErrorState, Loading } from "@/components/common/States"
import { useCurrentUser } from "@/features/auth/api"
import { myCleaningsQueryOptions } from "@/features/cleanings/api"
import { notificationsQueryOptions, unreadCountQueryOptions } from "@/features/notifications/api"
import { NotificationList } from "@/features/notifications/components/NotificationList"
import { OfferStatusBadge } from "@/features/offers/components/OfferStatusBadge"
import { myOffersQueryOptions } from "@/features/work/api"
import { usePrice } from "@/lib/money"

const ButtonAnchor = forwardRef<
  HTMLAnchorElement,
  ButtonProps & React.AnchorHTMLAttributes<HTMLAnchorElement>
>((props, ref) => <Button component="a" ref={ref} {...props} />)
/** A router link that looks like a button. */
const ButtonLink = createLink(ButtonAnchor)

// Enough of each list to say what changed; each links to its full page.
const FEW = 5

export const Route = createFileRoute("/_layout/")({
  head: () => ({ meta: [{ title: "Dashboard · Spotless" }] }),
  component: Dashboard,
})

/**
 * Home. Someone new (no job posted, no offer made) sees the two ways to start; someone back
 * sees what changed: unread notifications, their jobs with offers waiting, their offers' status.
 */
function Dashboard() {
  const { data: user } = useCurrentUser()
  const cleanings = useQuery(myCleaningsQueryOptions({ skip: 0, limit: 20 }))
  const offers = useQuery(myOffersQueryOptions({ skip: 0, limit: FEW }))
  const error = cleanings.error ?? offers.error
  const name = user?.full_name || user?.username || "there"
  const newcomer = cleanings.data?.count === 0 && offers.data?.count === 0
  return (
    <Stack maw={1000}>
      <Title order={2}>Hi, {name}</Title>
      {error ? (
        <ErrorState error={error} />
      ) : !cleanings.data || !offers.data ? (
        <Loading label="Loading your dashboard" />
      ) : newcomer ? (
        <Newcomer />
      ) : (
        <Returning />
      )}
    </Stack>
  )
}

function Newcomer() {
  return (
    <Stack data-testid="newcomer">
      <Text>Welcome to Spotless! Two ways to start:</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Stack gap="xs" align="flex-start">
            <Title order={3} size="h4">
              Get something cleaned
            </Title>
            <Text size="sm" c="dimmed">
              Post a job with its price; cleaners offer to do it and you pick one.
            </Text>
            <ButtonLink
              to="/cleanings"
              search={{ new: true }}
              leftSection={<IconBriefcase size={16} aria-hidden />}
            >
              Post a job
            </ButtonLink>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs" align="flex-start">
            <Title order={3} size="h4">
              Earn by cleaning
            </Title>
            <Text size="sm" c="dimmed">
              Search other people's jobs by place, type, price and day, and offer to do them.
            </Text>
            <ButtonLink
              to="/find-work"
              variant="light"
              leftSection={<IconSearch size={16} aria-hidden />}
            >
              Find work
            </ButtonLink>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  )
}

function Returning() {
  return (
    <Stack data-testid="returning">
      <Text c="dimmed">Welcome back. Here is what changed.</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <UnreadCard />
        <Stack>
          <JobsWithOffersCard />
          <MyOffersCard />
        </Stack>
      </SimpleGrid>
    </Stack>
  )
}

function UnreadCard() {
  const unread = useQuery(unreadCountQueryOptions)
  const latest = useQuery(notificationsQueryOptions({ skip: 0, limit: FEW }))
  const count = unread.data ?? 0
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          Notifications
        </Title>
        <Badge color={count ? "orange" : "gray"} variant="light" data-testid="dashboard-unread">
          {count} unread
        </Badge>
      </Group>
      {latest.error ? (
        <ErrorState error={latest.error} />
      ) : !latest.data ? (
        <Loading label="Loading notifications" />
      ) : latest.data.count === 0 ? (
        <Empty>Nothing yet: offers on your jobs and answers to your offers show here.</Empty>
      ) : (
        <NotificationList notifications={latest.data.data} />
      )}
      <AnchorLink to="/notifications" size="sm" mt="xs">
        All notifications
      </AnchorLink>
    </Card>
  )
}

function JobsWithOffersCard() {
  const cleanings = useQuery(myCleaningsQueryOptions({ skip: 0, limit: 20 }))
  const waiting = (cleanings.data?.data ?? []).filter(
    (c) => c.status === "open" && c.offers_count > 0,
  )
  return (
    <Card withBorder data-testid="jobs-with-offers">
      <Title order={3} size="h4" mb="xs">
        Your jobs with offers
      </Title>
      {waiting.length === 0 ? (
        <Text size="sm" c="dimmed">
          No offers waiting for an answer.
        </Text>
      ) : (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {waiting.slice(0, FEW).map((c) => (
            <Group component="li" key={c.id} justify="space-between" wrap="nowrap">
              <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: c.id }}>
                {c.name}
              </AnchorLink>
              <Text size="sm">
                {c.offers_count} {c.offers_count === 1 ? "offer" : "offers"}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      <AnchorLink to="/cleanings" size="sm" mt="xs">
        My cleanings
      </AnchorLink>
    </Card>
  )
}

function MyOffersCard() {
  const offers = useQuery(myOffersQueryOptions({ skip: 0, limit: FEW }))
  const price = usePrice()
  const list = offers.data?.data ?? []
  return (
    <Card withBorder data-testid="my-offers">
      <Title order={3} size="h4" mb="xs">
        Your offers
      </Title>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have not offered to do a job yet.
        </Text>
      ) : (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {list.map((o) => (
            <Group component="li" key={o.cleaning.id} justify="space-between" wrap="nowrap">
              <AnchorLink to="/cleanings/$cleaningId" params={{ cleaningId: o.cleaning.id }}>
                {o.cleaning.name}
              </AnchorLink>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{price(o.agreed_price ?? o.cleaning.price)}</Text>
                <OfferStatusBadge status={o.status} />
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <AnchorLink to="/my-work" size="sm" mt="xs">
        My work
      </AnchorLink>
    </Card>
  )
}

import { Anchor, Avatar, Badge, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core"
import { IconPhone } from "@tabler/icons-react"
import type { MyOfferPublic, OfferStatus } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { JobLink } from "@/components/common/JobLink"
import { formatDate } from "@/lib/dates"
import { usePrice } from "@/lib/money"
import { fullName } from "@/lib/people"

const STATUS: Record<OfferStatus, { label: string; color: string }> = {
  pending: { label: "Pending", color: "yellow" },
  accepted: { label: "Accepted", color: "teal" },
  completed: { label: "Completed", color: "blue" },
  rejected: { label: "Rejected", color: "gray" },
  cancelled: { label: "Cancelled", color: "gray" },
}

type Props = {
  offer: MyOfferPublic
  /** What a completed offer says (its rating, read elsewhere). */
  completed: (offer: MyOfferPublic) => React.ReactNode
}

/** One of my offers: the job, its owner, the prices, the status and what comes next. */
export function MyOfferCard({ offer, completed }: Props) {
  const { cleaning } = offer
  const owner = cleaning.owner
  const ownerName = fullName(owner)
  const status = STATUS[offer.status]
  const price = usePrice()
  return (
    <Card withBorder data-testid="my-offer" component="article" aria-label={cleaning.name}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="xs">
        <Stack gap={4}>
          <JobLink id={cleaning.id} name={cleaning.name} fw={700} />
          <AnchorLink
            to="/users/$username"
            params={{ username: owner.username }}
            size="sm"
            c="inherit"
          >
            <Group gap={6} wrap="nowrap">
              <Avatar
                src={owner.image ?? undefined}
                name={ownerName}
                color="initials"
                size="sm"
                alt=""
              />
              <span>{ownerName}</span>
            </Group>
          </AnchorLink>
        </Stack>
        <Stack gap={2}>
          <Text size="sm">
            Job price: <span data-testid="job-price">{price(cleaning.price)}</span>
          </Text>
          <Text size="sm">
            Agreed price:{" "}
            <span data-testid="agreed-price">
              {offer.agreed_price ? price(offer.agreed_price) : "—"}
            </span>
          </Text>
          <Text size="xs" c="dimmed">
            Offered {formatDate(offer.created_at)}
          </Text>
        </Stack>
        <Stack gap={4}>
          <Badge color={status.color} variant="light" data-testid="my-offer-status">
            {status.label}
          </Badge>
          <Text size="sm" fw={600} data-testid="next-step">
            <NextStep offer={offer} completed={completed} />
          </Text>
          {offer.status === "accepted" && owner.phone_number && (
            <Anchor
              href={`tel:${owner.phone_number.replace(/[^\d+]/g, "")}`}
              size="sm"
              data-testid="owner-phone"
            >
              <Group gap={4} wrap="nowrap" component="span">
                <IconPhone size={16} aria-hidden />
                {owner.phone_number}
              </Group>
            </Anchor>
          )}
        </Stack>
      </SimpleGrid>
    </Card>
  )
}

function NextStep({ offer, completed }: Props) {
  switch (offer.status) {
    case "pending":
      return <>Waiting for the owner</>
    case "accepted":
      return <>Hired: contact the owner</>
    case "completed":
      return <>{completed(offer)}</>
    case "rejected":
      return <>Not chosen</>
    case "cancelled":
      return <>You cancelled</>
  }
}

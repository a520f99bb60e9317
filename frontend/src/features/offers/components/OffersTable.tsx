import { Avatar, Button, Group, Stack } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import type { OfferPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { ConfirmDialog } from "@/components/common/ConfirmDialog"
import { DataTable } from "@/components/common/DataTable"
import { formatDateTime } from "@/lib/dates"
import { usePrice } from "@/lib/money"
import { toSkipLimit } from "@/lib/pagination"
import { firstName, fullName } from "@/lib/people"
import { offersQueryOptions, useAcceptOffer } from "../api"
import { OfferStatusBadge } from "./OfferStatusBadge"

const PAGE_SIZE = 10

type Props = {
  cleaningId: string
  /** The viewer owns the job: they accept offers (a superuser only looks). */
  canAccept: boolean
  /** Pending offers on the job (the job's `offers_count` while it is open). */
  pendingCount: number
  /** What the owner can do about the accepted offer (the page composes evaluations in). */
  evaluate: (offer: OfferPublic) => React.ReactNode
  /** Refreshes the job after an accept (its status). */
  onChanged: () => void
}

/**
 * The owner's view of a job's offers, paged on the server: a table on wide screens, one card per
 * offer on narrow ones (every action stays in view). Accepting asks first, and says how many
 * other offers will be declined.
 */
export function OffersTable({ cleaningId, canAccept, pendingCount, evaluate, onChanged }: Props) {
  const [page, setPage] = useState(1)
  const offers = useQuery(offersQueryOptions(cleaningId, toSkipLimit(page, PAGE_SIZE)))
  const accept = useAcceptOffer(cleaningId, onChanged)
  const [accepting, setAccepting] = useState<OfferPublic | null>(null)
  const close = () => {
    setAccepting(null)
    accept.reset()
  }

  const actions = (o: OfferPublic) => (
    <Group gap="xs">
      {o.status === "pending" && canAccept && (
        <Button
          size="xs"
          aria-label={`Accept ${o.user.username}'s offer`}
          onClick={() => setAccepting(o)}
        >
          Accept
        </Button>
      )}
      {evaluate(o)}
    </Group>
  )
  const price = usePrice()
  const offered = (o: OfferPublic) => formatDateTime(o.created_at)
  const others = Math.max(0, pendingCount - 1)

  return (
    <Stack>
      <DataTable
        label="offers"
        rowKey={(offer) => offer.user_id}
        columns={[
          { header: "Cleaner", cell: (o) => <Cleaner offer={o} /> },
          { header: "Status", cell: (o) => <OfferStatusBadge status={o.status} /> },
          // The price when the offer was accepted: it holds even if the job changes later.
          { header: "Agreed price", cell: (o) => (o.agreed_price ? price(o.agreed_price) : "—") },
          { header: "Offered", cell: offered },
          { header: "Actions", actions: true, cell: actions },
        ]}
        data={offers.data}
        isLoading={offers.isLoading}
        error={offers.error}
        page={page}
        size={PAGE_SIZE}
        onPageChange={setPage}
        empty="No offers yet."
        // Five columns with pictures: cards up to the width of a small laptop.
        cardsBelow="md"
      />
      <ConfirmDialog
        title={accepting ? `Accept ${firstName(accepting.user)}'s offer?` : "Accept the offer?"}
        opened={accepting !== null}
        confirmLabel="Accept"
        pending={accept.isPending}
        error={accept.error}
        onClose={close}
        onConfirm={() =>
          accepting &&
          accept.mutate(accepting.user.username, {
            onSuccess: () => {
              notifications.show({
                color: "teal",
                message: `You accepted ${fullName(accepting.user)}'s offer`,
              })
              close()
            },
          })
        }
      >
        {accepting && `Accept ${firstName(accepting.user)}'s offer? `}
        {others === 0
          ? "No other offer is waiting."
          : `The ${others} other offer${others === 1 ? "" : "s"} will be declined.`}
      </ConfirmDialog>
    </Stack>
  )
}

function Cleaner({ offer }: { offer: OfferPublic }) {
  const { user } = offer
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar src={user.image ?? undefined} name={fullName(user)} color="teal" alt="" />
      <AnchorLink to="/users/$username" params={{ username: user.username }}>
        {user.full_name ? `${user.full_name} (@${user.username})` : user.username}
      </AnchorLink>
    </Group>
  )
}

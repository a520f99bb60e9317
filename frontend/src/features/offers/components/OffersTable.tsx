import { Button, Group, Stack } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import type { OfferPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { DataTable } from "@/components/common/DataTable"
import { FormError } from "@/components/common/States"
import { toSkipLimit } from "@/lib/pagination"
import { offersQueryOptions, useAcceptOffer } from "../api"
import { OfferStatusBadge } from "./OfferStatusBadge"

const PAGE_SIZE = 10

/**
 * The owner's view of a job's offers, paged on the server. Accept a pending offer; `evaluate`
 * renders what the owner can do about the accepted one (the page composes evaluations in).
 */
export function OffersTable({
  cleaningId,
  evaluate,
}: {
  cleaningId: string
  evaluate: (offer: OfferPublic) => React.ReactNode
}) {
  const [page, setPage] = useState(1)
  const offers = useQuery(offersQueryOptions(cleaningId, toSkipLimit(page, PAGE_SIZE)))
  const accept = useAcceptOffer(cleaningId)
  return (
    <Stack>
      <FormError error={accept.error} />
      <DataTable
        label="offers"
        rowKey={(offer) => offer.user_id}
        columns={[
          {
            header: "Cleaner",
            cell: (o) => (
              <AnchorLink to="/users/$username" params={{ username: o.user.username }}>
                {o.user.full_name ? `${o.user.full_name} (@${o.user.username})` : o.user.username}
              </AnchorLink>
            ),
          },
          { header: "Status", cell: (o) => <OfferStatusBadge status={o.status} /> },
          // The price when the offer was accepted: it holds even if the job changes later.
          { header: "Agreed price", cell: (o) => o.agreed_price ?? "—" },
          { header: "Offered", cell: (o) => new Date(o.created_at).toLocaleString() },
          {
            header: "Actions",
            cell: (o) => (
              <Group gap="xs">
                {o.status === "pending" && (
                  <Button
                    size="xs"
                    loading={accept.isPending && accept.variables === o.user.username}
                    aria-label={`Accept ${o.user.username}'s offer`}
                    onClick={() =>
                      accept.mutate(o.user.username, {
                        onSuccess: () =>
                          notifications.show({
                            color: "teal",
                            message: `You accepted ${o.user.username}'s offer`,
                          }),
                      })
                    }
                  >
                    Accept
                  </Button>
                )}
                {evaluate(o)}
              </Group>
            ),
          },
        ]}
        data={offers.data}
        isLoading={offers.isLoading}
        error={offers.error}
        page={page}
        size={PAGE_SIZE}
        onPageChange={setPage}
        empty="No offers yet."
      />
    </Stack>
  )
}

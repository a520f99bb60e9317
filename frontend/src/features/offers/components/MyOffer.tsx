import { Button, Group, Stack, Text } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { ConfirmDialog } from "@/components/common/ConfirmDialog"
import { ErrorState, FormError, Loading } from "@/components/common/States"
import { usePrice } from "@/lib/money"
import { offerQueryOptions, useCancelOffer, useMakeOffer, useRescindOffer } from "../api"
import { OfferStatusBadge } from "./OfferStatusBadge"

const done = (message: string) => () => notifications.show({ color: "teal", message })

/**
 * A cleaner's own offer on a job: make it while the job is open, take it back while pending
 * (asked first), cancel it once accepted (asked first: the job reopens and the owner is told).
 * `onChanged` refreshes the job after a change (its status, its count of offers).
 */
export function MyOffer({
  cleaningId,
  username,
  open,
  onChanged,
}: {
  cleaningId: string
  username: string
  /** The job takes offers (no cleaner hired): only then can one be made. */
  open: boolean
  onChanged: () => void
}) {
  const offer = useQuery(offerQueryOptions(cleaningId, username))
  const price = usePrice()
  const make = useMakeOffer(cleaningId, onChanged)
  const rescind = useRescindOffer(cleaningId, onChanged)
  const cancel = useCancelOffer(cleaningId, onChanged)
  const [asking, setAsking] = useState<"rescind" | "cancel" | null>(null)
  if (offer.error) return <ErrorState error={offer.error} />
  if (offer.isLoading) return <Loading label="Loading your offer" />
  const status = offer.data?.status
  const close = () => {
    setAsking(null)
    rescind.reset()
    cancel.reset()
  }
  return (
    <Stack>
      {status ? (
        <Group>
          <Text>Your offer:</Text>
          <OfferStatusBadge status={status} />
          {offer.data?.agreed_price && (
            <Text data-testid="agreed-price">Agreed price: {price(offer.data.agreed_price)}</Text>
          )}
        </Group>
      ) : (
        <Text>You have not offered to do this job.</Text>
      )}
      <Group>
        {!status && open && (
          <Button
            loading={make.isPending}
            onClick={() => make.mutate(undefined, { onSuccess: done("Offer sent") })}
          >
            Make an offer
          </Button>
        )}
        {status === "pending" && (
          <Button variant="default" onClick={() => setAsking("rescind")}>
            Take back my offer
          </Button>
        )}
        {status === "accepted" && (
          <Button color="red" variant="light" onClick={() => setAsking("cancel")}>
            Cancel the job
          </Button>
        )}
      </Group>
      <FormError error={make.error} />
      <ConfirmDialog
        title="Take back your offer?"
        opened={asking === "rescind"}
        confirmLabel="Take back my offer"
        danger
        pending={rescind.isPending}
        error={rescind.error}
        onClose={close}
        onConfirm={() =>
          rescind.mutate(undefined, {
            onSuccess: () => {
              done("Offer taken back")()
              close()
            },
          })
        }
      >
        The owner will no longer see it. You can offer again while the job is open.
      </ConfirmDialog>
      <ConfirmDialog
        title="Cancel this job?"
        opened={asking === "cancel"}
        confirmLabel="Cancel the job"
        danger
        pending={cancel.isPending}
        error={cancel.error}
        onClose={close}
        onConfirm={() =>
          cancel.mutate(undefined, {
            onSuccess: () => {
              done("You cancelled the job")()
              close()
            },
          })
        }
      >
        Cancel this job? It reopens for other cleaners, and the owner is told.
      </ConfirmDialog>
    </Stack>
  )
}

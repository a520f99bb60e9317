import { Button, Group, Stack, Text } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import { useQuery } from "@tanstack/react-query"
import { ErrorState, FormError, Loading } from "@/components/common/States"
import { offerQueryOptions, useCancelOffer, useMakeOffer, useRescindOffer } from "../api"
import { OfferStatusBadge } from "./OfferStatusBadge"

const done = (message: string) => () => notifications.show({ color: "teal", message })

/** A cleaner's own offer on a job: make it, rescind it while pending, cancel it once accepted. */
export function MyOffer({ cleaningId, username }: { cleaningId: string; username: string }) {
  const offer = useQuery(offerQueryOptions(cleaningId, username))
  const make = useMakeOffer(cleaningId)
  const rescind = useRescindOffer(cleaningId)
  const cancel = useCancelOffer(cleaningId)
  if (offer.error) return <ErrorState error={offer.error} />
  if (offer.isLoading) return <Loading label="Loading your offer" />
  const status = offer.data?.status
  return (
    <Stack>
      {status ? (
        <Group>
          <Text>Your offer:</Text>
          <OfferStatusBadge status={status} />
          {offer.data?.agreed_price && (
            <Text data-testid="agreed-price">Agreed price: {offer.data.agreed_price}</Text>
          )}
        </Group>
      ) : (
        <Text>You have not offered to do this job.</Text>
      )}
      <Group>
        {!status && (
          <Button
            loading={make.isPending}
            onClick={() => make.mutate(undefined, { onSuccess: done("Offer sent") })}
          >
            Make an offer
          </Button>
        )}
        {status === "pending" && (
          <Button
            variant="default"
            loading={rescind.isPending}
            onClick={() => rescind.mutate(undefined, { onSuccess: done("Offer rescinded") })}
          >
            Rescind my offer
          </Button>
        )}
        {status === "accepted" && (
          <Button
            color="red"
            variant="light"
            loading={cancel.isPending}
            onClick={() => cancel.mutate(undefined, { onSuccess: done("You cancelled the job") })}
          >
            Cancel the job
          </Button>
        )}
      </Group>
      <FormError error={make.error ?? rescind.error ?? cancel.error} />
    </Stack>
  )
}

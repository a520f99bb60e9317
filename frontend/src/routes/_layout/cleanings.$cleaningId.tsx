import { Button, Card, Stack, Text, Title } from "@mantine/core"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { useState } from "react"
import { ErrorState, Loading } from "@/components/common/States"
import { useCurrentUser } from "@/features/auth/api"
import { cleaningQueryOptions } from "@/features/cleanings/api"
import { CleaningDetails } from "@/features/cleanings/components/CleaningDetails"
import { CleaningFormModal } from "@/features/cleanings/components/CleaningFormModal"
import { EvaluateModal } from "@/features/evaluations/components/EvaluateModal"
import { offerKeys } from "@/features/offers/api"
import { MyOffer } from "@/features/offers/components/MyOffer"
import { OffersTable } from "@/features/offers/components/OffersTable"

export const Route = createFileRoute("/_layout/cleanings/$cleaningId")({
  component: CleaningPage,
})

function CleaningPage() {
  const { cleaningId } = Route.useParams()
  const { data: me } = useCurrentUser()
  const cleaning = useQuery(cleaningQueryOptions(cleaningId))
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState(false)
  const [evaluating, setEvaluating] = useState<string | null>(null)
  if (cleaning.error) return <ErrorState error={cleaning.error} />
  if (!cleaning.data || !me) return <Loading label="Loading the cleaning" />
  const isOwner = cleaning.data.owner_id === me.id
  return (
    <Stack maw={900}>
      <CleaningDetails
        cleaning={cleaning.data}
        actions={
          (isOwner || me.is_superuser) && (
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )
        }
      />
      {(isOwner || me.is_superuser) && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Offers
          </Title>
          <OffersTable
            cleaningId={cleaningId}
            evaluate={(offer) =>
              offer.status === "accepted" && isOwner ? (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setEvaluating(offer.user.username)}
                >
                  Evaluate
                </Button>
              ) : offer.status === "completed" ? (
                <Text size="sm" c="dimmed">
                  Evaluated
                </Text>
              ) : null
            }
          />
        </Card>
      )}
      {!isOwner && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Do this job
          </Title>
          <MyOffer cleaningId={cleaningId} username={me.username} />
        </Card>
      )}
      {editing && <CleaningFormModal cleaning={cleaning.data} onClose={() => setEditing(false)} />}
      {evaluating && (
        <EvaluateModal
          cleaningId={cleaningId}
          username={evaluating}
          onClose={() => setEvaluating(null)}
          onEvaluated={() =>
            queryClient.invalidateQueries({ queryKey: offerKeys.ofCleaning(cleaningId) })
          }
        />
      )}
    </Stack>
  )
}

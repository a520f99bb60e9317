import { Button, Card, Stack, Text, Title } from "@mantine/core"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { useState } from "react"
import type { OfferPublic } from "@/client"
import { ErrorState, Loading } from "@/components/common/States"
import { useCurrentUser } from "@/features/auth/api"
import { cleaningKeys, cleaningQueryOptions } from "@/features/cleanings/api"
import { CleaningDetails } from "@/features/cleanings/components/CleaningDetails"
import { CleaningFormModal } from "@/features/cleanings/components/CleaningFormModal"
import { nextStep, type Viewer } from "@/features/cleanings/next-step"
import { evaluationQueryOptions } from "@/features/evaluations/api"
import { EvaluateModal } from "@/features/evaluations/components/EvaluateModal"
import { EvaluationCard } from "@/features/evaluations/components/EvaluationCard"
import { hiredOfferQueryOptions, isHire, offerKeys, offerQueryOptions } from "@/features/offers/api"
import { ContactCard } from "@/features/offers/components/ContactCard"
import { MyOffer } from "@/features/offers/components/MyOffer"
import { OffersTable } from "@/features/offers/components/OffersTable"
import { firstName, fullName } from "@/lib/people"

export const Route = createFileRoute("/_layout/cleanings/$cleaningId")({
  // The job comes first so the page's title can name it; a failure is the page's to show.
  loader: ({ context: { queryClient }, params }) =>
    queryClient.ensureQueryData(cleaningQueryOptions(params.cleaningId)).catch(() => undefined),
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.name ?? "Job"} · Spotless` }] }),
  component: CleaningPage,
})

/**
 * A job's page for whoever looks at it: where it stands and what comes next for them; the owner
 * sees the offers, accepts one and evaluates the cleaner; others offer, take it back or cancel;
 * once hired, the two parties see each other's contact.
 */
function CleaningPage() {
  const { cleaningId } = Route.useParams()
  const { data: me } = useCurrentUser()
  const cleaning = useQuery(cleaningQueryOptions(cleaningId))
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState(false)
  const [evaluating, setEvaluating] = useState<OfferPublic | null>(null)

  const job = cleaning.data
  const isOwner = !!job && !!me && job.owner_id === me.id
  const taken = job?.status === "hired" || job?.status === "completed"
  // The owner learns whom they hired from the offers; anyone else reads their own offer.
  const hired = useQuery({ ...hiredOfferQueryOptions(cleaningId), enabled: isOwner && taken })
  const mine = useQuery({
    ...offerQueryOptions(cleaningId, me?.username ?? ""),
    enabled: !!job && !!me && !isOwner,
  })
  const myHire = mine.data && isHire(mine.data) ? mine.data : null
  const cleaner = isOwner ? hired.data?.user.username : myHire ? me?.username : undefined
  const evaluation = useQuery({
    ...evaluationQueryOptions(cleaner ?? "", cleaningId),
    enabled: job?.status === "completed" && !!cleaner,
  })

  if (cleaning.error)
    return (
      <ErrorState
        error={cleaning.error}
        notFound="There is no such job: the link may be wrong, or the job was deleted."
      />
    )
  if (!job || !me) return <Loading label="Loading the cleaning" />

  const refreshJob = () => queryClient.invalidateQueries({ queryKey: cleaningKeys.detail(job.id) })
  const rating = evaluation.data?.overall_rating
  const hiredUser = isOwner ? hired.data?.user : undefined
  const viewer: Viewer = isOwner
    ? { role: "owner", hired: hiredUser && firstName(hiredUser), rating }
    : mine.data
      ? { role: "cleaner", offer: mine.data.status, rating }
      : { role: "other" }
  // Said once what it depends on has arrived, so it never flips from a guess to the answer.
  const settled = !hired.isLoading && !mine.isLoading && !evaluation.isLoading

  return (
    <Stack maw={900}>
      <CleaningDetails
        cleaning={job}
        hiredName={hiredUser ? fullName(hiredUser) : myHire ? "you" : null}
        nextStep={settled ? nextStep(job, viewer) : undefined}
        actions={
          (isOwner || me.is_superuser) && (
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )
        }
      />
      {hiredUser && <ContactCard title="Your cleaner" person={hiredUser} />}
      {myHire && <ContactCard title="The owner" person={job.owner} />}
      {evaluation.data && (
        <EvaluationCard
          evaluation={evaluation.data}
          title={hiredUser ? `Your evaluation of ${firstName(hiredUser)}` : "Your evaluation"}
        />
      )}
      {(isOwner || me.is_superuser) && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Offers
          </Title>
          <OffersTable
            cleaningId={cleaningId}
            canAccept={isOwner && job.status === "open"}
            pendingCount={job.status === "open" ? job.offers_count : 0}
            onChanged={refreshJob}
            evaluate={(offer) =>
              offer.status === "accepted" && isOwner ? (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Evaluate ${fullName(offer.user)}`}
                  onClick={() => setEvaluating(offer)}
                >
                  Evaluate
                </Button>
              ) : offer.status === "completed" ? (
                <Text size="sm">Evaluated</Text>
              ) : null
            }
          />
        </Card>
      )}
      {!isOwner && (job.status === "open" || mine.data) && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Do this job
          </Title>
          <MyOffer
            cleaningId={cleaningId}
            username={me.username}
            open={job.status === "open"}
            onChanged={refreshJob}
          />
        </Card>
      )}
      {editing && <CleaningFormModal cleaning={job} onClose={() => setEditing(false)} />}
      {evaluating && (
        <EvaluateModal
          cleaningId={cleaningId}
          username={evaluating.user.username}
          name={fullName(evaluating.user)}
          onClose={() => setEvaluating(null)}
          onEvaluated={() => {
            refreshJob()
            return queryClient.invalidateQueries({ queryKey: offerKeys.ofCleaning(cleaningId) })
          }}
        />
      )}
    </Stack>
  )
}

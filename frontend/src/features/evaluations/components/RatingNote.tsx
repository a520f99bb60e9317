import { useQuery } from "@tanstack/react-query"
import { evaluationQueryOptions } from "../api"

/** "Completed: rated 4/5", or "Completed" when the job has no evaluation of `username`. */
export function RatingNote({ username, cleaningId }: { username: string; cleaningId: string }) {
  const evaluation = useQuery(evaluationQueryOptions(username, cleaningId))
  if (!evaluation.data) return <>Completed</>
  return <>Completed: rated {evaluation.data.overall_rating}/5</>
}

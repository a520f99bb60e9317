import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { EvaluationCreate } from "@/client"
import {
  evaluationsCreateEvaluation,
  evaluationsReadEvaluation,
  evaluationsReadEvaluationStats,
  evaluationsReadEvaluations,
} from "@/client"

type Page = { skip: number; limit: number }

export const evaluationKeys = {
  of: (username: string) => ["evaluations", username] as const,
  stats: (username: string) => ["evaluations", username, "stats"] as const,
  list: (username: string, page: Page) => ["evaluations", username, "list", page] as const,
  one: (username: string, cleaningId: string) =>
    ["evaluations", username, "job", cleaningId] as const,
}

export const statsQueryOptions = (username: string) =>
  queryOptions({
    queryKey: evaluationKeys.stats(username),
    queryFn: async () => (await evaluationsReadEvaluationStats({ path: { username } })).data,
  })

export const evaluationsQueryOptions = (username: string, page: Page) =>
  queryOptions({
    queryKey: evaluationKeys.list(username, page),
    queryFn: async () =>
      (await evaluationsReadEvaluations({ path: { username }, query: page })).data,
    placeholderData: keepPreviousData,
  })

/** The evaluation `username` received for one job (a 404 when there is none). */
export const evaluationQueryOptions = (username: string, cleaningId: string) =>
  queryOptions({
    queryKey: evaluationKeys.one(username, cleaningId),
    queryFn: async () =>
      (await evaluationsReadEvaluation({ path: { username, cleaning_id: cleaningId } })).data,
  })

/** Evaluate `username` for the job; the job's offers change too (the offer becomes completed). */
export function useEvaluate(cleaningId: string, username: string, onEvaluated: () => void) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: EvaluationCreate) =>
      (
        await evaluationsCreateEvaluation({
          path: { username, cleaning_id: cleaningId },
          body,
        })
      ).data,
    onSuccess: () => {
      onEvaluated()
      return queryClient.invalidateQueries({ queryKey: evaluationKeys.of(username) })
    },
  })
}

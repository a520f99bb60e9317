import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import {
  offersAcceptOffer,
  offersCancelOffer,
  offersCreateOffer,
  offersReadOffer,
  offersReadOffers,
  offersRescindOffer,
} from "@/client"
import { isStatus } from "@/lib/api"

type Page = { skip: number; limit: number }

export const offerKeys = {
  /** Everything about one job's offers: its list and each offerer's own view. */
  ofCleaning: (cleaningId: string) => ["offers", cleaningId] as const,
  list: (cleaningId: string, page: Page) => ["offers", cleaningId, "list", page] as const,
  one: (cleaningId: string, username: string) => ["offers", cleaningId, "one", username] as const,
}

export const offersQueryOptions = (cleaningId: string, page: Page) =>
  queryOptions({
    queryKey: offerKeys.list(cleaningId, page),
    queryFn: async () => (await offersReadOffers({ path: { id: cleaningId }, query: page })).data,
    placeholderData: keepPreviousData,
  })

/** `username`'s offer on the job, or null when they have made none. */
export const offerQueryOptions = (cleaningId: string, username: string) =>
  queryOptions({
    queryKey: offerKeys.one(cleaningId, username),
    queryFn: async () => {
      try {
        return (await offersReadOffer({ path: { id: cleaningId, username } })).data
      } catch (error) {
        if (isStatus(error, 404)) return null
        throw error
      }
    },
  })

/** A change to one offer can change every offer of the job (accept rejects the others). */
function useOfferMutation<T>(cleaningId: string, fn: (arg: T) => Promise<unknown>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: offerKeys.ofCleaning(cleaningId) }),
  })
}

export const useMakeOffer = (cleaningId: string) =>
  useOfferMutation(cleaningId, async () => offersCreateOffer({ path: { id: cleaningId } }))

export const useRescindOffer = (cleaningId: string) =>
  useOfferMutation(cleaningId, async () => offersRescindOffer({ path: { id: cleaningId } }))

export const useCancelOffer = (cleaningId: string) =>
  useOfferMutation(cleaningId, async () => offersCancelOffer({ path: { id: cleaningId } }))

export const useAcceptOffer = (cleaningId: string) =>
  useOfferMutation(cleaningId, async (username: string) =>
    offersAcceptOffer({ path: { id: cleaningId, username } }),
  )

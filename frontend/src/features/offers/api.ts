import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import type { OfferPublic } from "@/client"
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
  hired: (cleaningId: string) => ["offers", cleaningId, "hired"] as const,
}

/** Offers whose cleaner got the job: accepted, or completed once evaluated. */
export const isHire = (offer: OfferPublic) =>
  offer.status === "accepted" || offer.status === "completed"

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

const HIRE_PAGE = 100

/**
 * The offer of the cleaner hired for the job (accepted or completed), or null: what the owner
 * reads to name the cleaner and reach them. The list has no status filter, so it is read a
 * hundred offers at a time until the hire is found (oldest first; almost always one page).
 */
export const hiredOfferQueryOptions = (cleaningId: string) =>
  queryOptions({
    queryKey: offerKeys.hired(cleaningId),
    queryFn: async () => {
      for (let skip = 0; ; skip += HIRE_PAGE) {
        const page = (
          await offersReadOffers({ path: { id: cleaningId }, query: { skip, limit: HIRE_PAGE } })
        ).data
        const hired = page.data.find(isHire)
        if (hired) return hired
        if (skip + HIRE_PAGE >= page.count) return null
      }
    },
  })

/**
 * A change to one offer can change every offer of the job (accept rejects the others) and the
 * job itself (its status, its count of offers): `onChanged` refreshes what the page shows of it.
 */
function useOfferMutation<T>(
  cleaningId: string,
  fn: (arg: T) => Promise<unknown>,
  onChanged?: () => void,
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      onChanged?.()
      return queryClient.invalidateQueries({ queryKey: offerKeys.ofCleaning(cleaningId) })
    },
  })
}

export const useMakeOffer = (cleaningId: string, onChanged?: () => void) =>
  useOfferMutation(
    cleaningId,
    async () => offersCreateOffer({ path: { id: cleaningId } }),
    onChanged,
  )

export const useRescindOffer = (cleaningId: string, onChanged?: () => void) =>
  useOfferMutation(
    cleaningId,
    async () => offersRescindOffer({ path: { id: cleaningId } }),
    onChanged,
  )

export const useCancelOffer = (cleaningId: string, onChanged?: () => void) =>
  useOfferMutation(
    cleaningId,
    async () => offersCancelOffer({ path: { id: cleaningId } }),
    onChanged,
  )

export const useAcceptOffer = (cleaningId: string, onChanged?: () => void) =>
  useOfferMutation(
    cleaningId,
    async (username: string) => offersAcceptOffer({ path: { id: cleaningId, username } }),
    onChanged,
  )

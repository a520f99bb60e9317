import { keepPreviousData, queryOptions } from "@tanstack/react-query"
import type { OfferStatus } from "@/client"
import { offersReadMyOffers } from "@/client"

export const OFFER_STATUSES = [
  "pending",
  "accepted",
  "completed",
  "rejected",
  "cancelled",
] as const satisfies readonly OfferStatus[]

export const isOfferStatus = (value: unknown): value is OfferStatus =>
  (OFFER_STATUSES as readonly unknown[]).includes(value)

type Params = { status?: OfferStatus; skip: number; limit: number }

export const myOfferKeys = {
  all: ["offers", "mine"] as const,
  list: (params: Params) => ["offers", "mine", params] as const,
}

/** The caller's offers, newest first, each with its job; optionally of one status. */
export const myOffersQueryOptions = (params: Params) =>
  queryOptions({
    queryKey: myOfferKeys.list(params),
    queryFn: async () => (await offersReadMyOffers({ query: params })).data,
    placeholderData: keepPreviousData,
  })

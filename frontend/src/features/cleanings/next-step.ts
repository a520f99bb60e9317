import type { CleaningPublic, OfferStatus } from "@/client"

/** Who looks at a job, and what they may know of it. */
export type Viewer =
  /** The owner; `hired` names the cleaner they hired, `rating` what they gave once evaluated. */
  | { role: "owner"; hired?: string | null; rating?: number | null }
  /** Someone who offered; `rating` is what they were given once evaluated. */
  | { role: "cleaner"; offer: OfferStatus; rating?: number | null }
  /** Anyone else signed in. */
  | { role: "other" }

/** One sentence on what happens next for the viewer of a job. */
export function nextStep(cleaning: CleaningPublic, viewer: Viewer): string {
  const { status, offers_count: offers } = cleaning
  switch (viewer.role) {
    case "owner": {
      if (status === "open") {
        if (offers === 0) return "Wait for cleaners to offer; you'll be notified."
        if (offers === 1) return "Accept the offer to hire this cleaner, or wait for more."
        return "Pick one offer to accept; the others will be declined."
      }
      const name = viewer.hired ?? "Your cleaner"
      if (status === "hired") {
        const them = viewer.hired ?? "them"
        return `${name} will do the job. When it's done, evaluate ${them} to complete it.`
      }
      return viewer.rating == null
        ? "Done."
        : `Done. You rated ${viewer.hired ?? "your cleaner"} ${viewer.rating}/5.`
    }
    case "cleaner":
      switch (viewer.offer) {
        case "pending":
          return "Waiting for the owner to choose."
        case "accepted":
          return "You're hired: contact the owner to arrange the visit. Cancelling reopens the job for others."
        case "rejected":
          return "The owner chose another cleaner."
        case "cancelled":
          return "You cancelled this job; it went back to the other cleaners."
        case "completed":
          return viewer.rating == null
            ? "Completed."
            : `Completed: you were rated ${viewer.rating}/5.`
      }
      break
    case "other":
      return status === "open" ? "Make an offer to do this job." : "This job is taken."
  }
  return ""
}

import type { NotificationPublic } from "@/client"
import { fullName } from "@/lib/people"

/** Who did it: their name, or "Someone" when their account is gone. */
export const actorName = (n: NotificationPublic) => (n.actor ? fullName(n.actor) : "Someone")

/** One sentence per kind: "Carl offered to do “Attic”". */
export function sentence(n: NotificationPublic): string {
  const who = actorName(n)
  const job = `“${n.cleaning.name}”`
  switch (n.kind) {
    case "offer_received":
      return `${who} offered to do ${job}`
    case "offer_accepted":
      return `${who} accepted your offer for ${job}`
    case "offer_declined":
      return `${who} chose another cleaner for ${job}`
    case "hire_cancelled":
      return `${who} cancelled ${job}: it is open again`
    case "evaluated":
      return `${who} rated your work on ${job}`
  }
}

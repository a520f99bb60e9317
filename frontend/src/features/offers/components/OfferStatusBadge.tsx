import { Badge } from "@mantine/core"
import type { OfferStatus } from "@/client"

const COLORS: Record<OfferStatus, string> = {
  pending: "yellow",
  accepted: "teal",
  rejected: "red",
  cancelled: "gray",
  completed: "blue",
}

export function OfferStatusBadge({ status }: { status: OfferStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="offer-status">
      {status}
    </Badge>
  )
}

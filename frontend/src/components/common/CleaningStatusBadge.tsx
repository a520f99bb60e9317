import { Badge } from "@mantine/core"
import type { CleaningStatus } from "@/client"

const STATUS: Record<CleaningStatus, { label: string; color: string }> = {
  open: { label: "Open", color: "teal" },
  hired: { label: "Hired", color: "blue" },
  completed: { label: "Completed", color: "gray" },
}

/** Where a job stands: open (no accepted offer), hired, completed. Shared by every job list. */
export function CleaningStatusBadge({ status }: { status: CleaningStatus }) {
  const { label, color } = STATUS[status] ?? STATUS.open
  return (
    <Badge variant="light" color={color} data-testid="cleaning-status">
      {label}
    </Badge>
  )
}

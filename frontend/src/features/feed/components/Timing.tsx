import { Text } from "@mantine/core"
import { formatMs, type ServerTiming } from "@/lib/timing"

/** "server 12 ms (database 3.1 ms)" for one load. */
export function Timing({ label, timing }: { label: string; timing?: ServerTiming }) {
  return (
    <Text size="xs" c="dimmed" data-testid="server-timing">
      {label}:{" "}
      {timing
        ? `server ${formatMs(timing.total)} (database ${formatMs(timing.db)})`
        : "no Server-Timing"}
    </Text>
  )
}

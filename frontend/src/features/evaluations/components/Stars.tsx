import { Group } from "@mantine/core"
import { IconStar, IconStarFilled } from "@tabler/icons-react"

/** 0..5 stars, read out as "4 out of 5 stars". */
export function Stars({ value, size = 16 }: { value: number; size?: number }) {
  return (
    <Group
      gap={2}
      wrap="nowrap"
      role="img"
      aria-label={`${value} out of 5 stars`}
      c="yellow.8"
      data-testid="stars"
    >
      {[1, 2, 3, 4, 5].map((n) =>
        n <= value ? (
          <IconStarFilled key={n} size={size} aria-hidden />
        ) : (
          <IconStar key={n} size={size} aria-hidden />
        ),
      )}
    </Group>
  )
}

import { Button, Group, NumberInput, Text } from "@mantine/core"
import { useState } from "react"
import { pageCount } from "@/lib/pagination"

type Props = {
  /** What the pages are of, for accessible names: "users", "feed". */
  label: string
  page: number
  count: number
  size: number
  onChange: (page: number) => void
  /** Show a "go to page" box. */
  jump?: boolean
}

export function Paginator({ label, page, count, size, onChange, jump }: Props) {
  const pages = pageCount(count, size)
  const [target, setTarget] = useState<string | number>("")
  const go = () => {
    const n = Number(target)
    if (Number.isInteger(n) && n >= 1 && n <= pages) onChange(n)
  }
  return (
    <Group justify="space-between" mt="md" aria-label={`${label} pages`} role="navigation">
      <Text size="sm" data-testid={`${label}-page-status`}>
        Page {page} of {pages}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onChange(page - 1)}>
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          disabled={page >= pages}
          onClick={() => onChange(page + 1)}
        >
          Next
        </Button>
        {jump && (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              go()
            }}
          >
            <Group gap={4}>
              <NumberInput
                size="xs"
                w={90}
                label="Go to page"
                min={1}
                max={pages}
                value={target}
                onChange={setTarget}
              />
              <Button type="submit" size="xs" variant="light" mt="auto">
                Go
              </Button>
            </Group>
          </form>
        )}
      </Group>
    </Group>
  )
}

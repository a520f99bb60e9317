import { Anchor, Center, Stack, Text, Title } from "@mantine/core"
import type { QueryClient } from "@tanstack/react-query"
import { createRootRouteWithContext, Link, Outlet } from "@tanstack/react-router"

function NotFound() {
  return (
    <Center mih="60vh">
      <Stack align="center">
        <Title order={1}>Page not found</Title>
        <Text c="dimmed">There is nothing at this address.</Text>
        <Anchor component={Link} to="/">
          Go home
        </Anchor>
      </Stack>
    </Center>
  )
}

export const Route = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
})

import { Anchor, Center, Stack, Text, Title } from "@mantine/core"
import type { QueryClient } from "@tanstack/react-query"
import { createRootRouteWithContext, HeadContent, Link, Outlet } from "@tanstack/react-router"
import { MAIN_ID, SkipLink } from "@/components/common/SkipLink"

function NotFound() {
  return (
    <Center component="main" id={MAIN_ID} tabIndex={-1} mih="60vh" p="md">
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

function Root() {
  return (
    <>
      {/* Each route's `head` names its page ("Find work · Spotless"); the deepest one wins. */}
      <HeadContent />
      <SkipLink />
      <Outlet />
    </>
  )
}

export const Route = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  // The router marks the root's match when no route matches the address (`_notFound`).
  head: ({ match }) => ({
    meta: [{ title: match._notFound ? "Page not found · Spotless" : "Spotless" }],
  }),
  component: Root,
  notFoundComponent: NotFound,
})

import "@mantine/core/styles.css"
import "@mantine/notifications/styles.css"
import "./styles.css"
import { MantineProvider } from "@mantine/core"
import { QueryClientProvider } from "@tanstack/react-query"
import { createRouter, RouterProvider } from "@tanstack/react-router"
import { lazy, StrictMode, Suspense } from "react"
import { createRoot } from "react-dom/client"
import { RouteError, RoutePending } from "./components/common/States"
import { meQueryOptions } from "./features/auth/api"
import { queryClient, setUnauthorizedHandler } from "./lib/query-client"
import { session, setSessionEndedHandler } from "./lib/session"
import { cssVariablesResolver, theme } from "./lib/theme"
import { routeTree } from "./routeTree.gen"

// The toasts' container is not needed to draw the first page: loaded next to it (toasts shown
// before it arrives wait in their store), which keeps the first visit's JavaScript small.
const Notifications = lazy(() =>
  import("@mantine/notifications").then((m) => ({ default: m.Notifications })),
)

const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  // A route whose code or data cannot load (the server down) says so inside the app.
  defaultErrorComponent: RouteError,
  defaultPendingComponent: RoutePending,
})

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router
  }
}

// A 401 (expired or revoked token) ends the session and comes back here after logging in.
setUnauthorizedHandler(() => {
  if (!session.active()) return
  // The token worked before (the user was read with it): the login page says why it ended.
  const wasSignedIn = queryClient.getQueryData(meQueryOptions.queryKey) !== undefined
  session.end()
  queryClient.clear()
  router.navigate({
    to: "/login",
    search: {
      redirect: router.state.location.href,
      ...(wasSignedIn ? { reason: "session-ended" as const } : {}),
    },
  })
})

// Another tab logged out: nothing of this user's stays in this one either.
setSessionEndedHandler(() => {
  queryClient.clear()
  router.navigate({ to: "/login" })
})

// biome-ignore lint/style/noNonNullAssertion: index.html has the root element
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      // The system's scheme until the header's toggle picks one (kept in localStorage).
      defaultColorScheme="auto"
    >
      {/* A live region that is always there: each toast in it is read out as it appears. */}
      <Suspense fallback={null}>
        <Notifications aria-live="polite" />
      </Suspense>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)

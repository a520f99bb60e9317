import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query"
import { ApiError, isUnreachable } from "./api"
import { SessionChanged } from "./session"

let onUnauthorized: () => void = () => {}

/** main.tsx says what a 401 does (end the session, go to the login page). */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler
}

// Only a 401 ends the session; a 403 is shown where it happened ("not allowed").
function handleError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) onUnauthorized()
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handleError }),
  mutationCache: new MutationCache({ onError: handleError }),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again, nor will a session ended in another tab. While
      // the server does not answer (no answer, 502, 503, 504), ask again until it does: the
      // page says so meanwhile (components/common/States.tsx).
      retry: (failures, error) =>
        !(error instanceof SessionChanged) &&
        (isUnreachable(error) ||
          (!(error instanceof ApiError && error.status >= 400 && error.status < 500) &&
            failures < 2)),
      retryDelay: (failures) => Math.min(1000 * 2 ** failures, 5_000),
      refetchOnWindowFocus: false,
    },
  },
})

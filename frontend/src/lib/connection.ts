import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useSyncExternalStore } from "react"
import { utilsHealthCheck } from "@/client"
import { isUnreachable } from "./api"

/**
 * True while some request is being retried because the server did not answer (or answered
 * 502/503/504): the spinners say so instead of turning forever.
 */
export function useServerUnreachable(): boolean {
  const cache = useQueryClient().getQueryCache()
  return useSyncExternalStore(
    (onChange) => cache.subscribe(onChange),
    () =>
      cache
        .getAll()
        .some((q) => q.state.fetchFailureCount > 0 && isUnreachable(q.state.fetchFailureReason)),
  )
}

const HEALTH_POLL_MS = 3_000

/** Asks the server every few seconds whether it answers again; `onBack` once it does. */
export function useWhenServerBack(onBack: () => void, enabled = true) {
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    const timer = window.setInterval(async () => {
      const ok = await utilsHealthCheck({ signal: AbortSignal.timeout(2_500) }).then(
        () => true,
        () => false,
      )
      if (ok && !stopped) {
        stopped = true
        window.clearInterval(timer)
        onBack()
      }
    }, HEALTH_POLL_MS)
    return () => {
      stopped = true
      window.clearInterval(timer)
    }
  }, [onBack, enabled])
}

// TanStack Router reloads the page once when a route's code fails to load (meant for a new
// release). While the server is down that reload would end on the browser's own error page;
// RouteError (components/common/States.tsx) says so inside the app instead, and reloads once
// the server answers. Vite announces every failed load of the app's code first.
window.addEventListener("vite:preloadError", (event) => {
  const error = (event as Event & { payload?: unknown }).payload
  if (error instanceof Error) sessionStorage.setItem(`tanstack_router_reload:${error.message}`, "1")
})

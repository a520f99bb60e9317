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

import { useQuery } from "@tanstack/react-query"
import { useRouterState } from "@tanstack/react-router"
import { useCurrentUser } from "@/features/auth/api"
import { cleaningQueryOptions } from "@/features/cleanings/api"

const JOB_PAGE = /^\/cleanings\/([^/]+)\/?$/

/**
 * Which entry of the main navigation the current page belongs to. A job's page belongs to
 * "My cleanings" when it is the viewer's own job and to "Find work" when it is someone else's
 * (read from the job the page already asked for: no request of its own).
 */
export function useNavActive(): (to: string) => boolean {
  const pathname = useRouterState({ select: (s) => s.location.pathname })
  const jobId = JOB_PAGE.exec(pathname)?.[1]
  const { data: me } = useCurrentUser()
  const job = useQuery({ ...cleaningQueryOptions(jobId ?? ""), enabled: false })
  const section = (() => {
    if (!jobId) return undefined
    if (!job.data || !me) return null // not known yet: nothing highlighted
    return job.data.owner_id === me.id ? "/cleanings" : "/find-work"
  })()
  return (to) => {
    if (section !== undefined) return to === section
    return to === "/" ? pathname === "/" : pathname.startsWith(to)
  }
}

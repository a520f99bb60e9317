import { Alert } from "@mantine/core"
import { createFileRoute, useRouter } from "@tanstack/react-router"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { LoginForm } from "@/features/auth/components/LoginForm"
import { redirectIfSignedIn } from "@/lib/guards"
import { inAppPath } from "@/lib/redirect"

type LoginSearch = { redirect?: string; reason?: "session-ended" }

export const Route = createFileRoute("/login")({
  head: () => ({ meta: [{ title: "Log in · Spotless" }] }),
  validateSearch: (search: Record<string, unknown>): LoginSearch => {
    // Always the key: a route's search is merged over the raw one, whose value would stay.
    const redirect = inAppPath(search.redirect)
    return {
      redirect: redirect === "/" ? undefined : redirect,
      reason: search.reason === "session-ended" ? "session-ended" : undefined,
    }
  },
  beforeLoad: redirectIfSignedIn,
  component: LoginPage,
})

function LoginPage() {
  const { redirect, reason } = Route.useSearch()
  const router = useRouter()
  return (
    <AuthCard title="Log in">
      {reason === "session-ended" && (
        <Alert color="blue" role="status" data-testid="signed-out-reason">
          You were signed out: your session ended. Please log in again.
        </Alert>
      )}
      <LoginForm onLoggedIn={() => router.history.push(inAppPath(redirect))} />
    </AuthCard>
  )
}

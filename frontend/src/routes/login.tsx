import { createFileRoute, useRouter } from "@tanstack/react-router"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { LoginForm } from "@/features/auth/components/LoginForm"
import { redirectIfSignedIn } from "@/lib/guards"
import { inAppPath } from "@/lib/redirect"

type LoginSearch = { redirect?: string }

export const Route = createFileRoute("/login")({
  head: () => ({ meta: [{ title: "Log in · Spotless" }] }),
  validateSearch: (search: Record<string, unknown>): LoginSearch => {
    // Always the key: a route's search is merged over the raw one, whose value would stay.
    const redirect = inAppPath(search.redirect)
    return { redirect: redirect === "/" ? undefined : redirect }
  },
  beforeLoad: redirectIfSignedIn,
  component: LoginPage,
})

function LoginPage() {
  const { redirect } = Route.useSearch()
  const router = useRouter()
  return (
    <AuthCard title="Log in">
      <LoginForm onLoggedIn={() => router.history.push(inAppPath(redirect))} />
    </AuthCard>
  )
}

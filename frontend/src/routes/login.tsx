import { createFileRoute, useRouter } from "@tanstack/react-router"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { LoginForm } from "@/features/auth/components/LoginForm"
import { redirectIfSignedIn } from "@/lib/guards"

type LoginSearch = { redirect?: string }

export const Route = createFileRoute("/login")({
  validateSearch: (search: Record<string, unknown>): LoginSearch =>
    // Only a path on this site, never another origin.
    typeof search.redirect === "string" &&
    search.redirect.startsWith("/") &&
    !search.redirect.startsWith("//")
      ? { redirect: search.redirect }
      : {},
  beforeLoad: redirectIfSignedIn,
  component: LoginPage,
})

function LoginPage() {
  const { redirect } = Route.useSearch()
  const router = useRouter()
  return (
    <AuthCard title="Log in">
      <LoginForm onLoggedIn={() => router.history.push(redirect ?? "/")} />
    </AuthCard>
  )
}

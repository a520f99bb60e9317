import { createFileRoute, useNavigate } from "@tanstack/react-router"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { SignupForm } from "@/features/auth/components/SignupForm"
import { redirectIfSignedIn } from "@/lib/guards"

export const Route = createFileRoute("/signup")({
  head: () => ({ meta: [{ title: "Sign up · Spotless" }] }),
  beforeLoad: redirectIfSignedIn,
  component: SignupPage,
})

function SignupPage() {
  const navigate = useNavigate()
  return (
    <AuthCard title="Create an account">
      <SignupForm onSignedUp={() => navigate({ to: "/" })} />
    </AuthCard>
  )
}

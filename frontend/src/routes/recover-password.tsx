import { createFileRoute } from "@tanstack/react-router"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { RecoverForm } from "@/features/auth/components/RecoverForm"
import { redirectIfSignedIn } from "@/lib/guards"

export const Route = createFileRoute("/recover-password")({
  head: () => ({ meta: [{ title: "Password recovery · Spotless" }] }),
  beforeLoad: redirectIfSignedIn,
  component: () => (
    <AuthCard title="Password recovery">
      <RecoverForm />
    </AuthCard>
  ),
})

import { notifications } from "@mantine/notifications"
import { createFileRoute } from "@tanstack/react-router"
import { useLogout } from "@/features/auth/api"
import { AuthCard } from "@/features/auth/components/AuthCard"
import { ResetForm } from "@/features/auth/components/ResetForm"

// Reached from the link in the recovery mail; works signed in or out.
export const Route = createFileRoute("/reset-password")({
  head: () => ({ meta: [{ title: "Reset your password · Spotless" }] }),
  validateSearch: (search: Record<string, unknown>): { token?: string } =>
    typeof search.token === "string" ? { token: search.token } : {},
  component: ResetPage,
})

function ResetPage() {
  const { token } = Route.useSearch()
  // The new password ends every earlier session, this browser's included.
  const logout = useLogout()
  return (
    <AuthCard title="Reset your password">
      <ResetForm
        token={token ?? ""}
        onReset={() => {
          notifications.show({
            color: "teal",
            message: "Password updated. Log in with the new one.",
          })
          logout()
        }}
      />
    </AuthCard>
  )
}

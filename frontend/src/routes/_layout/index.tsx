import { Anchor, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { createFileRoute, Link } from "@tanstack/react-router"
import { useCurrentUser } from "@/features/auth/api"

export const Route = createFileRoute("/_layout/")({
  component: Dashboard,
})

function Dashboard() {
  const { data: user } = useCurrentUser()
  return (
    <Stack>
      <Title order={2}>Hi, {user?.full_name || user?.username || "there"} 👋</Title>
      <Text c="dimmed">Welcome back, nice to see you again!</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Anchor component={Link} to="/items" fw={600}>
            Items
          </Anchor>
          <Text size="sm" c="dimmed">
            Your items, paged on the server.
          </Text>
        </Card>
        <Card withBorder>
          <Anchor component={Link} to="/settings" fw={600}>
            Settings
          </Anchor>
          <Text size="sm" c="dimmed">
            Your profile, password and account.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  )
}

import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { createFileRoute } from "@tanstack/react-router"
import { AnchorLink } from "@/components/common/AnchorLink"
import { useCurrentUser } from "@/features/auth/api"

const CARDS = [
  { to: "/feed", title: "Activity feed", text: "Jobs just posted and changed, two ways." },
  { to: "/cleanings", title: "My cleanings", text: "Post a job, see its offers, hire a cleaner." },
  { to: "/items", title: "Items", text: "Your items, paged on the server." },
  { to: "/settings", title: "Settings", text: "Your profile, password and account." },
] as const

export const Route = createFileRoute("/_layout/")({
  head: () => ({ meta: [{ title: "Dashboard · Spotless" }] }),
  component: Dashboard,
})

function Dashboard() {
  const { data: user } = useCurrentUser()
  return (
    <Stack>
      <Title order={2}>Hi, {user?.full_name || user?.username || "there"} 👋</Title>
      <Text c="dimmed">Welcome back, nice to see you again!</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {CARDS.map((card) => (
          <Card withBorder key={card.to}>
            <AnchorLink to={card.to} fw={600}>
              {card.title}
            </AnchorLink>
            <Text size="sm" c="dimmed">
              {card.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  )
}

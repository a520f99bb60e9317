import { AppShell, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core"
import { useDisclosure } from "@mantine/hooks"
import {
  IconActivity,
  IconBriefcase,
  IconHome,
  IconList,
  IconSearch,
  IconSettings,
  IconUsers,
} from "@tabler/icons-react"
import { createFileRoute, Link, Outlet, useRouterState } from "@tanstack/react-router"
import { useCurrentUser, useLogout } from "@/features/auth/api"
import { requireSession } from "@/lib/guards"

export const Route = createFileRoute("/_layout")({
  beforeLoad: requireSession,
  component: Shell,
})

const links = [
  { to: "/", label: "Dashboard", icon: IconHome },
  { to: "/find-work", label: "Find work", icon: IconSearch },
  { to: "/feed", label: "Feed", icon: IconActivity },
  { to: "/cleanings", label: "My cleanings", icon: IconBriefcase },
  { to: "/items", label: "Items", icon: IconList },
  { to: "/settings", label: "Settings", icon: IconSettings },
] as const

function Shell() {
  const [opened, { toggle, close }] = useDisclosure()
  const { data: user } = useCurrentUser()
  const logout = useLogout()
  const pathname = useRouterState({ select: (s) => s.location.pathname })
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={1} size="h3" c="teal.7">
              Spotless
            </Title>
          </Group>
          <Group>
            {user && (
              <Text size="sm" data-testid="signed-in-as">
                {user.full_name || user.email}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map(({ to, label, icon: Icon }) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} aria-hidden />}
            active={to === "/" ? pathname === "/" : pathname.startsWith(to)}
            onClick={close}
          />
        ))}
        {user?.is_superuser && (
          <NavLink
            component={Link}
            to="/admin"
            label="Admin"
            leftSection={<IconUsers size={18} aria-hidden />}
            active={pathname.startsWith("/admin")}
            onClick={close}
          />
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}

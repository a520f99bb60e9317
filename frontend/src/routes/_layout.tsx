import { AppShell, Avatar, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core"
import { useDisclosure, useMediaQuery } from "@mantine/hooks"
import {
  IconActivity,
  IconBriefcase,
  IconBrush,
  IconHome,
  IconSearch,
  IconSettings,
  IconUsers,
} from "@tabler/icons-react"
import { useQueryClient } from "@tanstack/react-query"
import { createFileRoute, Link, Outlet, useRouterState } from "@tanstack/react-router"
import { AnchorLink } from "@/components/common/AnchorLink"
import { ColorSchemeToggle } from "@/components/common/ColorSchemeToggle"
import { MAIN_ID } from "@/components/common/SkipLink"
import { useCurrentUser, useLogout } from "@/features/auth/api"
import { NotificationBell } from "@/features/notifications/components/NotificationBell"
import { myOfferKeys } from "@/features/work/api"
import { requireSession } from "@/lib/guards"
import { useNavActive } from "@/lib/nav"
import { fullName } from "@/lib/people"

export const Route = createFileRoute("/_layout")({
  beforeLoad: requireSession,
  component: Shell,
})

const links = [
  { to: "/", label: "Dashboard", icon: IconHome },
  { to: "/find-work", label: "Find work", icon: IconSearch },
  { to: "/feed", label: "Feed", icon: IconActivity },
  { to: "/cleanings", label: "My cleanings", icon: IconBriefcase },
  { to: "/my-work", label: "My work", icon: IconBrush },
  { to: "/settings", label: "Settings", icon: IconSettings },
] as const

function Shell() {
  const [opened, { toggle, close }] = useDisclosure()
  // On a phone the closed menu is only moved off screen: inert, so Tab does not walk through it.
  const phone = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false })
  const { data: user } = useCurrentUser()
  const logout = useLogout()
  const queryClient = useQueryClient()
  // A notification means an offer changed: My work shows it without a reload.
  const refreshMyWork = () => queryClient.invalidateQueries({ queryKey: myOfferKeys.all })
  const pathname = useRouterState({ select: (s) => s.location.pathname })
  const isActive = useNavActive()
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group wrap="nowrap" gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
              aria-expanded={opened}
              aria-controls="navigation"
            />
            <Title order={1} size="h3" c="teal.7">
              Spotless
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <NotificationBell onArrival={refreshMyWork} />
            {user && (
              <AnchorLink
                to="/users/$username"
                params={{ username: user.username }}
                c="inherit"
                underline="hover"
                aria-label={`${fullName(user)}, your profile`}
                data-testid="my-profile-link"
              >
                <Group gap={8} wrap="nowrap">
                  <Avatar
                    src={user.image ?? undefined}
                    name={fullName(user)}
                    color="initials"
                    size="sm"
                    alt=""
                    data-testid="header-avatar"
                  />
                  <Text size="sm" data-testid="signed-in-as" visibleFrom="xs" truncate maw={200}>
                    {fullName(user)}
                  </Text>
                </Group>
              </AnchorLink>
            )}
            <Button variant="default" size="xs" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main" id="navigation" inert={phone && !opened}>
        {links.map(({ to, label, icon: Icon }) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} aria-hidden />}
            active={isActive(to)}
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
      <AppShell.Main id={MAIN_ID} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}

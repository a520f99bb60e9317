import { Card, Group, Stack, Tabs, Title } from "@mantine/core"
import { useQuery } from "@tanstack/react-query"
import { createFileRoute } from "@tanstack/react-router"
import { AnchorLink } from "@/components/common/AnchorLink"
import { ErrorState, Loading } from "@/components/common/States"
import { useCurrentUser, useLogin, useLogout } from "@/features/auth/api"
import { myProfileQueryOptions } from "@/features/settings/api"
import { AccountForm } from "@/features/settings/components/AccountForm"
import { DeleteAccount } from "@/features/settings/components/DeleteAccount"
import { PasswordForm } from "@/features/settings/components/PasswordForm"
import { PictureForm } from "@/features/settings/components/PictureForm"
import { ProfileForm } from "@/features/settings/components/ProfileForm"

export const Route = createFileRoute("/_layout/settings")({
  head: () => ({ meta: [{ title: "Settings · Spotless" }] }),
  component: SettingsPage,
})

function SettingsPage() {
  const me = useCurrentUser()
  const profile = useQuery(myProfileQueryOptions)
  const logout = useLogout()
  const login = useLogin()
  const error = me.error ?? profile.error
  // A new password or email ends every earlier session, this one too: sign in again with them.
  const signInAgain = (email: string, password: string) =>
    login.mutate({ username: email, password })
  return (
    <Stack maw={640}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Settings</Title>
        {/* Items (the template's) are outside the main navigation. */}
        <AnchorLink to="/items" size="sm">
          Your items
        </AnchorLink>
      </Group>
      <Tabs defaultValue="profile" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="profile">My profile</Tabs.Tab>
          <Tabs.Tab value="password">Password</Tabs.Tab>
          <Tabs.Tab value="danger">Danger zone</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          {error ? (
            <ErrorState error={error} />
          ) : !me.data || !profile.data ? (
            <Loading label="Loading your profile" />
          ) : (
            <Stack>
              <Card withBorder>
                <Title order={3} size="h5" mb="sm">
                  Account
                </Title>
                <AccountForm user={me.data} onEmailChanged={signInAgain} />
              </Card>
              <Card withBorder>
                <Title order={3} size="h5" mb="sm">
                  Public profile
                </Title>
                <ProfileForm profile={profile.data} />
              </Card>
              <Card withBorder>
                <Title order={3} size="h5" mb="sm">
                  Picture
                </Title>
                <PictureForm profile={profile.data} />
              </Card>
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="password" pt="md">
          <Card withBorder>
            <PasswordForm
              onChanged={(password) => me.data && signInAgain(me.data.email, password)}
            />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="danger" pt="md">
          <Card withBorder>
            <DeleteAccount onDeleted={logout} />
          </Card>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

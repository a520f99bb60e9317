import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { Link } from "@tanstack/react-router"
import { FormError } from "@/components/common/States"
import { useLogin } from "../api"

export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const login = useLogin()
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (v.trim() ? null : "Enter your email"),
      password: (v) => (v ? null : "Enter your password"),
    },
  })
  return (
    <form
      onSubmit={form.onSubmit((values) =>
        login.mutate(
          { username: values.email.trim(), password: values.password },
          { onSuccess: onLoggedIn },
        ),
      )}
    >
      <Stack>
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          {...form.getInputProps("email")}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          {...form.getInputProps("password")}
        />
        <FormError error={login.error} />
        <Button type="submit" loading={login.isPending}>
          Log in
        </Button>
        <Group justify="space-between">
          <Anchor component={Link} to="/recover-password" size="sm">
            Forgot password?
          </Anchor>
          <Anchor component={Link} to="/signup" size="sm">
            Sign up
          </Anchor>
        </Group>
      </Stack>
    </form>
  )
}

import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { Link } from "@tanstack/react-router"
import { FormError } from "@/components/common/States"
import { useLogin, useSignup } from "../api"
import { checkConfirmation, checkNewPassword } from "../passwords"

export function SignupForm({ onSignedUp }: { onSignedUp: () => void }) {
  const signup = useSignup()
  const login = useLogin()
  const form = useForm({
    initialValues: {
      email: "",
      username: "",
      full_name: "",
      password: "",
      confirm: "",
    },
    validate: {
      email: (v) => (v.trim() ? null : "Enter your email"),
      password: checkNewPassword,
      confirm: checkConfirmation,
    },
  })
  const submit = form.onSubmit((v) => {
    const email = v.email.trim()
    const body = {
      email,
      password: v.password,
      username: v.username.trim() || null,
      full_name: v.full_name.trim() || null,
    }
    // Signed up, then signed in with the same credentials.
    signup.mutate(body, {
      onSuccess: () =>
        login.mutate({ username: email, password: v.password }, { onSuccess: onSignedUp }),
    })
  })
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          {...form.getInputProps("email")}
        />
        <TextInput
          label="Username"
          description="Optional: 3 to 32 letters, digits, - or _"
          autoComplete="username"
          {...form.getInputProps("username")}
        />
        <TextInput label="Full name" autoComplete="name" {...form.getInputProps("full_name")} />
        <PasswordInput
          label="Password"
          description="At least 8 characters"
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          {...form.getInputProps("confirm")}
        />
        <FormError error={signup.error ?? login.error} />
        <Button type="submit" loading={signup.isPending || login.isPending}>
          Sign up
        </Button>
        <Text size="sm">
          Already have an account?{" "}
          <Anchor component={Link} to="/login">
            Log in
          </Anchor>
        </Text>
      </Stack>
    </form>
  )
}

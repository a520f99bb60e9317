import { Button, PasswordInput, Stack, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import type { UserPublic } from "@/client"
import { FormError } from "@/components/common/States"
import { useUpdateMe } from "../api"

/**
 * A new email needs the current password, and ends every session of the user, this one too:
 * `onEmailChanged` signs in again with them.
 */
export function AccountForm({
  user,
  onEmailChanged,
}: {
  user: UserPublic
  onEmailChanged: (email: string, password: string) => void
}) {
  const update = useUpdateMe()
  const form = useForm({
    initialValues: {
      email: user.email,
      current_password: "",
      username: user.username,
      full_name: user.full_name ?? "",
    },
    validate: {
      email: (v) => (v.trim() ? null : "Enter your email"),
      current_password: (v, values) =>
        values.email.trim() !== user.email && !v ? "Enter your current password" : null,
      username: (v) => (v.trim() ? null : "Enter a username"),
    },
  })
  const emailChanged = form.values.email.trim() !== user.email
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        const email = v.email.trim()
        update.mutate(
          {
            email,
            username: v.username.trim(),
            full_name: v.full_name.trim() || null,
            ...(emailChanged && { current_password: v.current_password }),
          },
          {
            onSuccess: () => {
              notifications.show({ color: "teal", message: "Account updated" })
              if (emailChanged) {
                form.setFieldValue("current_password", "")
                onEmailChanged(email, v.current_password)
              }
            },
          },
        )
      })}
    >
      <Stack>
        <TextInput label="Email" type="email" {...form.getInputProps("email")} />
        {emailChanged && (
          <PasswordInput
            label="Current password"
            description="Needed to change your email"
            autoComplete="current-password"
            withAsterisk
            {...form.getInputProps("current_password")}
          />
        )}
        <TextInput label="Username" {...form.getInputProps("username")} />
        <TextInput label="Full name" {...form.getInputProps("full_name")} />
        <FormError error={update.error} />
        <Button type="submit" loading={update.isPending} w="fit-content">
          Save account
        </Button>
      </Stack>
    </form>
  )
}

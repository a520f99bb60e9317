import { Button, Stack, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import type { UserPublic } from "@/client"
import { FormError } from "@/components/common/States"
import { useUpdateMe } from "../api"

export function AccountForm({ user }: { user: UserPublic }) {
  const update = useUpdateMe()
  const form = useForm({
    initialValues: {
      email: user.email,
      username: user.username,
      full_name: user.full_name ?? "",
    },
    validate: {
      email: (v) => (v.trim() ? null : "Enter your email"),
      username: (v) => (v.trim() ? null : "Enter a username"),
    },
  })
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        update.mutate(
          {
            email: v.email.trim(),
            username: v.username.trim(),
            full_name: v.full_name.trim() || null,
          },
          {
            onSuccess: () => notifications.show({ color: "teal", message: "Account updated" }),
          },
        ),
      )}
    >
      <Stack>
        <TextInput label="Email" type="email" {...form.getInputProps("email")} />
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

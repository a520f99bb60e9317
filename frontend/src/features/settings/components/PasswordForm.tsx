import { Button, PasswordInput, Stack } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import { FormError } from "@/components/common/States"
import { checkNewPassword } from "@/features/auth/passwords"
import { useUpdatePassword } from "../api"

export function PasswordForm({ onChanged }: { onChanged: (newPassword: string) => void }) {
  const update = useUpdatePassword()
  const form = useForm({
    initialValues: { current: "", password: "", confirm: "" },
    validate: {
      current: (v) => (v ? null : "Enter your current password"),
      password: checkNewPassword,
      confirm: (v, values) => (v === values.password ? null : "The passwords do not match"),
    },
  })
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        update.mutate(
          { current_password: v.current, new_password: v.password },
          {
            onSuccess: (answer) => {
              notifications.show({ color: "teal", message: answer.message })
              form.reset()
              onChanged(v.password)
            },
          },
        ),
      )}
    >
      <Stack>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          {...form.getInputProps("current")}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          {...form.getInputProps("confirm")}
        />
        <FormError error={update.error} />
        <Button type="submit" loading={update.isPending} w="fit-content">
          Save password
        </Button>
      </Stack>
    </form>
  )
}

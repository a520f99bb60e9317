import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core"
import { useForm } from "@mantine/form"
import { Link } from "@tanstack/react-router"
import { FormError } from "@/components/common/States"
import { useResetPassword } from "../api"
import { checkConfirmation, checkNewPassword } from "../passwords"

export function ResetForm({ token, onReset }: { token: string; onReset: () => void }) {
  const reset = useResetPassword()
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: { password: checkNewPassword, confirm: checkConfirmation },
  })
  if (!token) {
    return (
      <Alert color="red" role="alert">
        This link has no reset token. Ask for a new one on the{" "}
        <Anchor component={Link} to="/recover-password">
          password recovery page
        </Anchor>
        .
      </Alert>
    )
  }
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        reset.mutate({ token, new_password: v.password }, { onSuccess: onReset }),
      )}
    >
      <Stack>
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          {...form.getInputProps("confirm")}
        />
        <FormError error={reset.error} />
        <Button type="submit" loading={reset.isPending}>
          Reset password
        </Button>
      </Stack>
    </form>
  )
}

import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core"
import { useForm } from "@mantine/form"
import { Link } from "@tanstack/react-router"
import { FormError } from "@/components/common/States"
import { isStatus } from "@/lib/api"
import { useResetPassword } from "../api"
import { checkConfirmation, checkNewPassword } from "../passwords"
import { RecoverForm } from "./RecoverForm"

export function ResetForm({ token, onReset }: { token: string; onReset: () => void }) {
  const reset = useResetPassword()
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: { password: checkNewPassword, confirm: checkConfirmation },
  })
  // A link that is wrong, expired or already used (400): offer a new one right here.
  if (isStatus(reset.error, 400)) {
    return (
      <Stack data-testid="reset-link-invalid">
        <Alert color="orange" role="alert">
          This reset link is not valid any more: it may have expired or been used already. Enter
          your email below and we will send you a new one (or go to the{" "}
          <Anchor component={Link} to="/recover-password">
            password recovery page
          </Anchor>
          ).
        </Alert>
        <RecoverForm />
      </Stack>
    )
  }
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

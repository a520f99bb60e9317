import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { Link } from "@tanstack/react-router"
import { FormError } from "@/components/common/States"
import { useRecoverPassword } from "../api"

export function RecoverForm() {
  const recover = useRecoverPassword()
  const form = useForm({
    initialValues: { email: "" },
    validate: { email: (v) => (v.trim() ? null : "Enter your email") },
  })
  return (
    <form onSubmit={form.onSubmit((v) => recover.mutate(v.email.trim()))}>
      <Stack>
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          {...form.getInputProps("email")}
        />
        <FormError error={recover.error} />
        {recover.data && (
          <Alert color="teal" role="status">
            {recover.data.message}
          </Alert>
        )}
        <Button type="submit" loading={recover.isPending}>
          Send recovery link
        </Button>
        <Anchor component={Link} to="/login" size="sm">
          Back to log in
        </Anchor>
      </Stack>
    </form>
  )
}

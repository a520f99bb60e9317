import { Checkbox, PasswordInput, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import type { UserPublic } from "@/client"
import { FormModal } from "@/components/common/FormModal"
import { useCreateUser, useUpdateUser } from "../api"

/** The superuser adds a user, or edits `user` when given (a blank password keeps the old one). */
export function UserFormModal({ user, onClose }: { user?: UserPublic; onClose: () => void }) {
  const create = useCreateUser()
  const update = useUpdateUser()
  const mutation = user ? update : create
  const form = useForm({
    initialValues: {
      email: user?.email ?? "",
      username: user?.username ?? "",
      full_name: user?.full_name ?? "",
      password: "",
      is_superuser: user?.is_superuser ?? false,
      is_active: user?.is_active ?? true,
    },
    validate: {
      email: (v) => (v.trim() ? null : "Enter an email"),
      password: (v) =>
        (user && !v) || (v.length >= 8 && v.length <= 128) ? null : "8 to 128 characters",
    },
  })
  const submit = form.onSubmit((v) => {
    const fields = {
      email: v.email.trim(),
      full_name: v.full_name.trim() || null,
      is_superuser: v.is_superuser,
      is_active: v.is_active,
    }
    const username = v.username.trim() || null
    if (user) {
      const body = {
        ...fields,
        ...(username ? { username } : {}),
        ...(v.password ? { password: v.password } : {}),
      }
      update.mutate({ id: user.id, body }, { onSuccess: onClose })
    } else {
      create.mutate(
        { ...fields, username, password: v.password },
        {
          onSuccess: (created) => {
            // Created, but the welcome mail did not go out: the API says so.
            if (created.warning) notifications.show({ color: "yellow", message: created.warning })
            onClose()
          },
        },
      )
    }
  })
  return (
    <FormModal
      title={user ? "Edit user" : "Add user"}
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      pending={mutation.isPending}
    >
      <TextInput data-autofocus label="Email" type="email" {...form.getInputProps("email")} />
      <TextInput
        label="Username"
        description={user ? undefined : "Optional: derived from the email when blank"}
        {...form.getInputProps("username")}
      />
      <TextInput label="Full name" {...form.getInputProps("full_name")} />
      <PasswordInput
        label={user ? "New password" : "Password"}
        description={user ? "Leave blank to keep the current password" : undefined}
        autoComplete="new-password"
        {...form.getInputProps("password")}
      />
      <Checkbox label="Superuser" {...form.getInputProps("is_superuser", { type: "checkbox" })} />
      <Checkbox label="Active" {...form.getInputProps("is_active", { type: "checkbox" })} />
    </FormModal>
  )
}

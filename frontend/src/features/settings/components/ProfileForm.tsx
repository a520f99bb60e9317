import { Button, Divider, Stack, Textarea, TextInput } from "@mantine/core"
import { useForm } from "@mantine/form"
import { notifications } from "@mantine/notifications"
import type { ProfilePublic } from "@/client"
import { FormError } from "@/components/common/States"
import { useUpdateMyProfile } from "../api"
import { NotificationMailsSwitch } from "./NotificationMailsSwitch"

export function ProfileForm({ profile }: { profile: ProfilePublic }) {
  const update = useUpdateMyProfile()
  const form = useForm({
    initialValues: {
      phone_number: profile.phone_number ?? "",
      bio: profile.bio ?? "",
    },
  })
  return (
    <Stack>
      <form
        onSubmit={form.onSubmit((v) =>
          update.mutate(
            {
              phone_number: v.phone_number.trim() || null,
              bio: v.bio.trim() || null,
            },
            {
              onSuccess: () => notifications.show({ color: "teal", message: "Profile updated" }),
            },
          ),
        )}
      >
        <Stack>
          <TextInput label="Phone number" type="tel" {...form.getInputProps("phone_number")} />
          <Textarea label="Bio" autosize minRows={2} {...form.getInputProps("bio")} />
          <FormError error={update.error} />
          <Button type="submit" loading={update.isPending} w="fit-content">
            Save profile
          </Button>
        </Stack>
      </form>
      <Divider />
      <NotificationMailsSwitch profile={profile} />
    </Stack>
  )
}

import { Switch } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import type { ProfilePublic } from "@/client"
import { FormError } from "@/components/common/States"
import { useUpdateMyProfile } from "../api"

/**
 * Mail me what the bell shows (offers, answers, evaluations): saved as soon as it is switched.
 * "Mail", not "Email": the account's "Email" field keeps a label no other field contains.
 */
export function NotificationMailsSwitch({ profile }: { profile: ProfilePublic }) {
  const update = useUpdateMyProfile()
  // The profile answered by the API is the truth; while saving, show what was asked.
  const checked = update.isPending
    ? (update.variables.notification_mails ?? true)
    : profile.notification_mails !== false
  return (
    <>
      <Switch
        label="Mail me my notifications"
        description="Offers on your jobs, answers to your offers and evaluations of your work"
        checked={checked}
        disabled={update.isPending}
        onChange={(event) =>
          update.mutate(
            { notification_mails: event.currentTarget.checked },
            {
              onSuccess: (p) =>
                notifications.show({
                  color: "teal",
                  message: p.notification_mails
                    ? "Notifications will be mailed to you"
                    : "Notifications will not be mailed to you",
                }),
            },
          )
        }
      />
      <FormError error={update.error} />
    </>
  )
}

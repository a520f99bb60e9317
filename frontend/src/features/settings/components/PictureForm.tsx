import { Avatar, Button, FileInput, Group, Stack, Text } from "@mantine/core"
import { notifications } from "@mantine/notifications"
import { useState } from "react"
import type { ProfilePublic } from "@/client"
import { FormError } from "@/components/common/States"
import { fullName } from "@/lib/people"
import { useDeletePicture, useUploadPicture } from "../picture-api"

const MAX_BYTES = 2 * 1024 * 1024

/** Upload or remove the profile picture (stored by the app as a small square image). */
export function PictureForm({ profile }: { profile: ProfilePublic }) {
  const upload = useUploadPicture()
  const remove = useDeletePicture()
  const [file, setFile] = useState<File | null>(null)
  const tooLarge = file !== null && file.size > MAX_BYTES
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        if (!file || tooLarge) return
        upload.mutate(file, {
          onSuccess: () => {
            setFile(null)
            notifications.show({ color: "teal", message: "Picture updated" })
          },
        })
      }}
    >
      <Stack>
        <Group>
          <Avatar
            src={profile.image ?? undefined}
            size="xl"
            name={fullName(profile)}
            alt={profile.image ? "Your picture" : ""}
          />
          <Text size="sm">
            {profile.image ? "Your picture, as others see it." : "No picture yet."}
          </Text>
        </Group>
        <FileInput
          label="Picture"
          description="PNG, JPEG or WebP, 2 MB at most; shown as a square"
          accept="image/png,image/jpeg,image/webp"
          placeholder="Choose an image file"
          value={file}
          onChange={setFile}
          clearable
          error={tooLarge ? "This file is over 2 MB" : undefined}
        />
        <FormError error={upload.error ?? remove.error} />
        <Group>
          <Button type="submit" loading={upload.isPending} disabled={!file || tooLarge}>
            Upload picture
          </Button>
          {profile.image && (
            <Button
              variant="default"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => notifications.show({ message: "Picture removed" }),
                })
              }
            >
              Remove picture
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  )
}

import { useMutation, useQueryClient } from "@tanstack/react-query"
import { profilesDeleteMyPicture, profilesUploadMyPicture } from "@/client"

// The picture shows in the caller's profile and user (header, forms): both are refetched.
const pictureKeys = [
  ["profiles", "me"],
  ["users", "me"],
] as const

function useRefreshPictures() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all(pictureKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey })))
}

export function useUploadPicture() {
  const refresh = useRefreshPictures()
  return useMutation({
    mutationFn: async (file: File) => (await profilesUploadMyPicture({ body: { file } })).data,
    onSuccess: refresh,
  })
}

export function useDeletePicture() {
  const refresh = useRefreshPictures()
  return useMutation({
    mutationFn: async () => (await profilesDeleteMyPicture()).data,
    onSuccess: refresh,
  })
}

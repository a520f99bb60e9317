import { queryOptions } from "@tanstack/react-query"
import { profilesReadProfile } from "@/client"

export const profileQueryOptions = (username: string) =>
  queryOptions({
    queryKey: ["profiles", username],
    queryFn: async () => (await profilesReadProfile({ path: { username } })).data,
  })

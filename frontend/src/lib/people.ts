import type { OwnerPublic } from "@/client"

type Person = Pick<OwnerPublic, "username" | "full_name">

/** How a person is named in the UI: their full name, or their username when they gave none. */
export const fullName = (person: Person) => person.full_name?.trim() || person.username

/** How a sentence addresses a person ("Carl will do the job"): the first word of their name. */
export const firstName = (person: Person) =>
  person.full_name?.trim().split(/\s+/)[0] || person.username

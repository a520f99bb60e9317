import { client } from "@/client/client.gen"
import { assertSessionCurrent, SessionChanged, session } from "./session"

/** An answer other than 2xx, or no answer at all (`status` 0). `detail` is the API's. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(describeDetail(status, detail))
    this.name = "ApiError"
  }
}

type FieldError = { loc?: (string | number)[]; msg?: string }

function describeDetail(status: number, detail: unknown): string {
  if (status === 0) return "Cannot reach the server. Check your connection and try again."
  if (typeof detail === "string") return detail
  if (Array.isArray(detail)) {
    return (detail as FieldError[])
      .map((e) => {
        const field = e.loc?.filter((part) => part !== "body").join(".")
        return field ? `${field}: ${e.msg}` : (e.msg ?? "Invalid input")
      })
      .join("; ")
  }
  return `The server answered ${status}`
}

client.setConfig({
  baseUrl: "",
  throwOnError: true,
  auth: () => session.token() ?? undefined,
  // The last moment before a request leaves: never with another tab's token.
  fetch: (...args: Parameters<typeof fetch>) => {
    assertSessionCurrent()
    return fetch(...args)
  },
})

client.interceptors.error.use((error, response) => {
  if (error instanceof SessionChanged) return error
  if (!response) return new ApiError(0, undefined)
  const detail = error && typeof error === "object" && "detail" in error ? error.detail : error
  return new ApiError(response.status, detail)
})

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return "Something went wrong"
}

export const isStatus = (error: unknown, status: number): boolean =>
  error instanceof ApiError && error.status === status

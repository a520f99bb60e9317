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

/** Read-your-writes with a read replica: every write answers the WAL position of its commit
 * in `X-Spotless-LSN`; the latest this page got goes back with every request, so the server
 * reads from a replica only once it has replayed that write. */
export const LSN_HEADER = "X-Spotless-LSN"
let lastWrite: { text: string; value: bigint } | undefined

function walPosition(text: string): bigint | undefined {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text)
  if (!match) return undefined
  return (BigInt(`0x${match[1]}`) << BigInt(32)) | BigInt(`0x${match[2]}`)
}

client.interceptors.request.use((request) => {
  if (lastWrite) request.headers.set(LSN_HEADER, lastWrite.text)
  return request
})

client.interceptors.response.use((response) => {
  const text = response.headers.get(LSN_HEADER)
  const value = text ? walPosition(text) : undefined
  if (text && value !== undefined && (!lastWrite || value > lastWrite.value)) {
    lastWrite = { text, value }
  }
  return response
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

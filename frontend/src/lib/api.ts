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

type FieldError = { loc?: (string | number)[]; msg?: string; type?: string }

const isFieldErrors = (detail: unknown): detail is FieldError[] =>
  Array.isArray(detail) && detail.every((e) => typeof e === "object" && e !== null)

/** The field a validation error is about, as people name it: "scheduled_on" -> "Scheduled on". */
function fieldLabel(loc: (string | number)[] | undefined): string | undefined {
  const name = loc?.filter((part) => typeof part === "string" && part !== "body").at(-1)
  if (typeof name !== "string") return undefined
  const words = name.replaceAll("_", " ")
  return words[0].toUpperCase() + words.slice(1)
}

/**
 * Pydantic's message as a sentence about the field: "Input should be greater than 0" ->
 * "should be greater than 0"; "String should have at least 8 characters" -> "should have at
 * least 8 characters". Never the developer's names of types or paths.
 */
function plainMessage(msg: string | undefined): string {
  const text = (msg ?? "is not valid")
    .replace(/^Value error, /, "")
    .replace(/^(Input|String|Value|List|Decimal|Date|Number) should/, "should")
    .replace(/^value is not a valid email address:.*$/i, "is not a valid email address")
  return text.endsWith(".") ? text : `${text}.`
}

/** One plain sentence per field: "Price should be greater than 0." */
function describeFieldErrors(detail: FieldError[]): string {
  return detail
    .map((e) => {
      const label = fieldLabel(e.loc)
      const message = plainMessage(e.msg)
      return label ? `${label} ${message}` : `${message[0].toUpperCase()}${message.slice(1)}`
    })
    .join(" ")
}

function describeDetail(status: number, detail: unknown): string {
  if (status === 0 || UNREACHABLE.has(status))
    return "Spotless can't reach the server. Try again in a moment."
  if (status === 404 || (status === 422 && isPathError(detail))) return NOT_FOUND_MESSAGE
  if (typeof detail === "string") return detail
  if (status === 422 && isFieldErrors(detail)) return describeFieldErrors(detail)
  if (status >= 500) return "Something went wrong on the server. Please try again."
  return `The server answered ${status}`
}

// No answer, or a proxy's answer while the app (or its database) is down.
const UNREACHABLE = new Set([502, 503, 504])
export const UNREACHABLE_MESSAGE = "Spotless can't reach the server; retrying…"
export const NOT_FOUND_MESSAGE = "There is nothing at this address."

// A 422 about the address itself (`/cleanings/999999`: not a UUID) is a page that does not exist.
const isPathError = (detail: unknown): boolean =>
  isFieldErrors(detail) && detail.length > 0 && detail.every((e) => e.loc?.[0] === "path")

/** The thing asked for does not exist: 404, or an address the API cannot even read (422 on a path). */
export const isNotFound = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.status === 404 || (error.status === 422 && isPathError(error.detail)))

/** The server did not answer (network error) or answered that it is down (502, 503, 504). */
export const isUnreachable = (error: unknown): boolean =>
  (error instanceof ApiError && (error.status === 0 || UNREACHABLE.has(error.status))) ||
  isChunkLoadError(error)

/** A lazily loaded part of the app (a route's code) could not be fetched. */
export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    /dynamically imported module|Importing a module script failed|Unable to preload CSS|error loading dynamically imported module|Failed to fetch/i.test(
      error.message,
    ) || error.name === "ChunkLoadError"
  )
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

/** What to tell people about a failure: never a developer's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (isChunkLoadError(error)) return UNREACHABLE_MESSAGE
  if (error instanceof Error) return error.message
  return "Something went wrong"
}

export const isStatus = (error: unknown, status: number): boolean =>
  error instanceof ApiError && error.status === status

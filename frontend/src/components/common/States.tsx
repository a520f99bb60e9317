import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core"
import { IconAlertTriangle, IconLock, IconPlugConnectedX } from "@tabler/icons-react"
import { type ErrorComponentProps, Link, useRouter } from "@tanstack/react-router"
import { useCallback } from "react"
import {
  errorMessage,
  isChunkLoadError,
  isNotFound,
  isStatus,
  isUnreachable,
  NOT_FOUND_MESSAGE,
  UNREACHABLE_MESSAGE,
} from "@/lib/api"
import { useServerUnreachable, useWhenServerBack } from "@/lib/connection"

/** A spinner; while the server does not answer (requests being retried), it says so instead. */
export function Loading({ label = "Loading" }: { label?: string }) {
  const unreachable = useServerUnreachable()
  if (unreachable) return <Unreachable />
  return (
    <Center p="xl">
      <Loader aria-label={label} />
    </Center>
  )
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <Text c="dimmed" ta="center" p="xl">
      {children}
    </Text>
  )
}

/** The server does not answer: said plainly, while the app keeps asking. */
export function Unreachable() {
  return (
    <Alert
      color="yellow"
      icon={<IconPlugConnectedX />}
      title="Cannot reach the server"
      role="alert"
      data-testid="server-unreachable"
    >
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{UNREACHABLE_MESSAGE}</Text>
      </Group>
    </Alert>
  )
}

/** Nothing at this address (an unknown or malformed id, a user who does not exist): a way back. */
export function NotFound({
  title = "Page not found",
  children = NOT_FOUND_MESSAGE,
}: {
  title?: string
  children?: React.ReactNode
}) {
  const router = useRouter()
  return (
    <Center mih="40vh" data-testid="not-found">
      <Stack align="center" gap="sm">
        <Title order={2}>{title}</Title>
        <Text c="dimmed" ta="center">
          {children}
        </Text>
        <Group>
          <Button variant="default" onClick={() => router.history.back()}>
            Go back
          </Button>
          <Anchor component={Link} to="/">
            Go home
          </Anchor>
        </Group>
      </Stack>
    </Center>
  )
}

/**
 * A failed request, mapped in one place: not found (404, or an address the API cannot read) is
 * a page with a way back; no answer from the server says so; a 403 says "not allowed" (the
 * session stays); anything else shows a sentence, never a developer's message.
 */
export function ErrorState({ error, notFound }: { error: unknown; notFound?: string }) {
  if (isNotFound(error)) return <NotFound>{notFound}</NotFound>
  if (isUnreachable(error)) return <Unreachable />
  if (isStatus(error, 403)) {
    return (
      <Alert color="orange" icon={<IconLock />} title="Not allowed" role="alert">
        {errorMessage(error)}
      </Alert>
    )
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Something went wrong" role="alert">
      {errorMessage(error)}
    </Alert>
  )
}

/** A form's failure: the API's detail, or one plain sentence per field. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <Alert color="red" role="alert" p="xs">
      {errorMessage(error)}
    </Alert>
  )
}

/**
 * What a route shows when it cannot render: its code could not be loaded (route code comes in
 * separate files, fetched on the first visit) or a request failed. While the server does not
 * answer it says so and tries again once the server is back.
 */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter()
  const unreachable = isUnreachable(error)
  const retry = useCallback(() => {
    // A module that failed to load stays failed in this page: load the page afresh.
    if (isChunkLoadError(error)) window.location.reload()
    else {
      reset()
      router.invalidate()
    }
  }, [error, reset, router])
  useWhenServerBack(retry, unreachable)
  if (unreachable) {
    return (
      <Stack p="md">
        <Unreachable />
      </Stack>
    )
  }
  return <ErrorState error={error} />
}

/** A route whose code or data takes a while. */
export function RoutePending() {
  return <Loading label="Loading the page" />
}

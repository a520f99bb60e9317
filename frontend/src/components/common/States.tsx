import { Alert, Center, Loader, Text } from "@mantine/core"
import { IconAlertTriangle, IconLock } from "@tabler/icons-react"
import { errorMessage, isStatus } from "@/lib/api"

export function Loading({ label = "Loading" }: { label?: string }) {
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

/** A failed request: a 403 says "not allowed" (the session stays); anything else shows the API's detail. */
export function ErrorState({ error }: { error: unknown }) {
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

/** A form's failure, the API's detail. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <Alert color="red" role="alert" p="xs">
      {errorMessage(error)}
    </Alert>
  )
}

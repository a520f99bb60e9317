import { Center, Paper, Stack, Title } from "@mantine/core"
import { MAIN_ID } from "@/components/common/SkipLink"

export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Center component="main" id={MAIN_ID} tabIndex={-1} mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h2" c="teal.7">
            Spotless
          </Title>
          <Title order={2} size="h4">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  )
}

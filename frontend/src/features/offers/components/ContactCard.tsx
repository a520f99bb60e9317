import { Anchor, Avatar, Card, Group, Stack, Text, Title } from "@mantine/core"
import type { OwnerPublic } from "@/client"
import { AnchorLink } from "@/components/common/AnchorLink"
import { fullName } from "@/lib/people"

/**
 * The other party of a hire, for the owner and the hired cleaner only: name, picture and phone
 * number (the API gives the number to them alone).
 */
export function ContactCard({ title, person }: { title: string; person: OwnerPublic }) {
  const name = fullName(person)
  const phone = person.phone_number?.trim()
  return (
    <Card withBorder data-testid="contact-card">
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      <Group wrap="nowrap" align="flex-start">
        <Avatar
          size="lg"
          color="teal"
          src={person.image ?? undefined}
          name={name}
          alt={person.image ? `${name}'s picture` : ""}
        />
        <Stack gap={2} miw={0}>
          <AnchorLink
            to="/users/$username"
            params={{ username: person.username }}
            fw={600}
            data-testid="contact-name"
          >
            {name}
          </AnchorLink>
          {phone ? (
            <Anchor
              href={`tel:${phone.replace(/[^\d+]/g, "")}`}
              data-testid="contact-phone"
              aria-label={`Call ${name} at ${phone}`}
            >
              {phone}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed" data-testid="contact-phone">
              No phone number given
            </Text>
          )}
        </Stack>
      </Group>
    </Card>
  )
}

import { AnchorLink } from "./AnchorLink"

type Props = { id: string; name: string; fw?: number }

/** A job's name linking to its page; a long name wraps rather than widening a phone's screen. */
export function JobLink({ id, name, fw = 600 }: Props) {
  return (
    <AnchorLink
      to="/cleanings/$cleaningId"
      params={{ cleaningId: id }}
      fw={fw}
      style={{ overflowWrap: "anywhere" }}
    >
      {name}
    </AnchorLink>
  )
}

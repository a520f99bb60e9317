import { Anchor, type AnchorProps } from "@mantine/core"
import { createLink, type LinkComponent } from "@tanstack/react-router"
import { forwardRef } from "react"

type Props = AnchorProps & React.AnchorHTMLAttributes<HTMLAnchorElement>

const MantineAnchor = forwardRef<HTMLAnchorElement, Props>((props, ref) => (
  <Anchor ref={ref} {...props} />
))

const RouterAnchor = createLink(MantineAnchor)

/** A Mantine anchor that is a router link, with the route's params type-checked. */
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => (
  <RouterAnchor {...props} />
)

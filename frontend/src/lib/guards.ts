import { redirect } from "@tanstack/react-router"
import { session } from "./session"

/** For pages of signed-out people (log in, sign up, recovery): signed-in users go home. */
export function redirectIfSignedIn() {
  if (session.active()) throw redirect({ to: "/" })
}

/** For the app's pages: signed-out people log in first, then come back. */
export function requireSession({ location }: { location: { href: string } }) {
  if (!session.active()) throw redirect({ to: "/login", search: { redirect: location.href } })
}

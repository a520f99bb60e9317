// The signed-in token, per tab. localStorage is shared by every tab of the browser, so a tab
// keeps in memory the token it signed in with (or found when it opened) and sends only that.
// When another tab logs out, this tab ends its session too; when another tab signs in (as
// someone else, or anew), this tab starts over from a fresh page load, so nothing of the
// previous user (cached answers, half-filled forms, pending requests) survives.

const TOKEN_KEY = "access_token"

const stored = (): string | null => localStorage.getItem(TOKEN_KEY)

let tabToken: string | null = stored()
// Another tab signed in and this page is being replaced: it sends nothing more.
let leaving = false

/** This tab's session. */
export const session = {
  token: (): string | null => tabToken,
  start: (token: string) => {
    tabToken = token
    localStorage.setItem(TOKEN_KEY, token)
  },
  end: () => {
    // Another tab's newer token is not this tab's to remove.
    if (stored() === tabToken) localStorage.removeItem(TOKEN_KEY)
    tabToken = null
  },
  active: (): boolean => tabToken !== null,
}

/** A request refused before it went out: the session changed in another tab. */
export class SessionChanged extends Error {
  constructor() {
    super("You logged out or in from another tab")
    this.name = "SessionChanged"
  }
}

let onEnded: () => void = () => {}

/** main.tsx says what ending the session because of another tab does (cache, login page). */
export function setSessionEndedHandler(handler: () => void) {
  onEnded = handler
}

/** Catch up with what another tab did to the stored token. */
function follow() {
  const now = stored()
  if (leaving || now === tabToken) return
  if (now === null) {
    tabToken = null
    onEnded()
  } else {
    leaving = true
    window.location.assign("/")
  }
}

window.addEventListener("storage", (event) => {
  // key null: localStorage was cleared.
  if (event.key === TOKEN_KEY || event.key === null) follow()
})

/**
 * Called as each request goes out: if the stored token is no longer this tab's (another tab
 * logged out or in and its storage event has not arrived yet), the request is refused, never
 * sent with someone else's token, and the tab follows.
 */
export function assertSessionCurrent() {
  if (leaving || stored() !== tabToken) {
    queueMicrotask(follow)
    throw new SessionChanged()
  }
}

/** The id of the page's one `main` landmark, where "Skip to content" goes. */
export const MAIN_ID = "main"

/**
 * "Skip to content": the first thing the Tab key reaches on every page, shown while it has
 * focus; it moves focus to the main landmark (past the header and the navigation).
 */
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${MAIN_ID}`}
      onClick={(event) => {
        // Focus, not a hash in the URL: the router owns the address.
        event.preventDefault()
        const main = document.getElementById(MAIN_ID)
        main?.focus()
        main?.scrollIntoView()
      }}
    >
      Skip to content
    </a>
  )
}

import { type BrowserContext, test as base, expect, type Page } from "@playwright/test"
import { type Api, apiFor } from "./api"

/** Refuse every request to another host: the app must work offline. */
async function offline(context: BrowserContext, baseURL: string, refused: string[]) {
  const origin = new URL(baseURL).origin
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      refused.push(route.request().url())
      return route.abort("blockedbyclient")
    },
  )
}

// The browser logs every 4xx answer as a console error; those are the API's answers the tests
// provoke on purpose (a wrong password, a 403), not errors of the app.
const apiAnswer = /Failed to load resource: the server responded with a status of 4\d\d/

/** Console errors and uncaught exceptions of a page. */
function watch(page: Page, errors: string[]) {
  page.on("console", (message) => {
    if (message.type() === "error" && !apiAnswer.test(message.text())) errors.push(message.text())
  })
  page.on("pageerror", (error) => errors.push(String(error)))
}

type Fixtures = {
  api: Api
  /** A page in a new context signed in as `token`'s user, guarded like `page`. */
  pageAs: (token: string) => Promise<Page>
}

export const test = base.extend<Fixtures & { guards: { refused: string[]; errors: string[] } }>({
  // Every test: no request leaves for another host, and no console error goes unnoticed.
  guards: [
    async ({ context, baseURL }, use) => {
      const guards = { refused: [] as string[], errors: [] as string[] }
      await offline(context, baseURL ?? "", guards.refused)
      for (const page of context.pages()) watch(page, guards.errors)
      context.on("page", (page) => watch(page, guards.errors))
      await use(guards)
      expect(guards.refused, "requests to other hosts").toEqual([])
      expect(guards.errors, "console errors").toEqual([])
    },
    { auto: true },
  ],
  api: async ({ request }, use) => {
    await use(apiFor(request))
  },
  pageAs: async ({ browser, baseURL, guards }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (token) => {
      const origin = new URL(baseURL ?? "").origin
      const context = await browser.newContext({
        baseURL,
        storageState: {
          cookies: [],
          origins: [{ origin, localStorage: [{ name: "access_token", value: token }] }],
        },
      })
      contexts.push(context)
      await offline(context, origin, guards.refused)
      context.on("page", (page) => watch(page, guards.errors))
      return context.newPage()
    })
    for (const context of contexts) await context.close()
  },
})

/** Log in through the login page (already open). */
export async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password", { exact: true }).fill(password)
  await page.getByRole("button", { name: "Log in" }).click()
}

/** The error a form shows (the API's detail), not a passing notification. */
export const formError = (page: Page) => page.locator("form [role=alert]")

export { expect }

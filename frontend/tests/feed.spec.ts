import type { Locator } from "@playwright/test"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

const PAGE_SIZE = 20
const timingLine = /server \d+(\.\d)? ms \(database \d+(\.\d)? ms\)/

const events = (list: Locator) => list.getByTestId("feed-item")
const keys = (list: Locator) =>
  events(list).evaluateAll((items) => items.map((i) => i.getAttribute("data-event")))

test("the feed, as pages and as 'load more', and 'N new' without moving the list", async ({
  pageAs,
  api,
}) => {
  const poster = await api.signup()
  // More than three pages of events.
  for (let i = 1; i <= 3 * PAGE_SIZE + 5; i++) {
    await api.post("/cleanings/", poster.token, { name: `Feed job ${i}`, price: `${i}.50` })
  }
  const reader = await api.signup()
  const { count } = await api.get("/feed/cleanings/?limit=1", reader.token)
  const pages = Math.ceil(count / PAGE_SIZE)

  const page = await pageAs(reader.token)
  await page.goto("/feed")
  const offset = page.getByTestId("offset-feed")
  const cursor = page.getByTestId("cursor-feed")

  // Numbered pages, counted from `count`.
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page 1 of ${pages}`)
  await expect(events(offset)).toHaveCount(PAGE_SIZE)
  await expect(events(offset).first()).toContainText(`Feed job ${3 * PAGE_SIZE + 5}`)
  await expect(events(offset).first().getByTestId("feed-event")).toHaveText("posted")
  await expect(offset.getByTestId("server-timing").first()).toHaveText(
    new RegExp(`Page 1: ${timingLine.source}`),
  )

  const asked = page.waitForRequest((r) => r.url().includes("/feed/cleanings/?skip="))
  await offset.getByRole("button", { name: "Next" }).click()
  expect(new URL((await asked).url()).searchParams.get("skip")).toBe(String(PAGE_SIZE))
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page 2 of ${pages}`)
  await expect(events(offset).first()).toContainText(`Feed job ${2 * PAGE_SIZE + 5}`)
  await expect(offset.getByTestId("server-timing").first()).toHaveText(/^Page 2: /)

  await offset.getByLabel("Go to page").fill(String(pages))
  await offset.getByRole("button", { name: "Go" }).click()
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page ${pages} of ${pages}`)
  await expect(events(offset)).toHaveCount(count - (pages - 1) * PAGE_SIZE)
  await expect(offset.getByTestId("server-timing").first()).toHaveText(
    new RegExp(`^Page ${pages}: ${timingLine.source}`),
  )
  // Every load keeps its line: a person sees deep pages cost more.
  await expect(offset.getByTestId("server-timing")).toHaveCount(3)

  // Load more, twice: 60 events, none twice, newest first.
  await expect(events(cursor)).toHaveCount(PAGE_SIZE)
  await cursor.getByRole("button", { name: "Load more" }).click()
  await expect(events(cursor)).toHaveCount(2 * PAGE_SIZE)
  await cursor.getByRole("button", { name: "Load more" }).click()
  await expect(events(cursor)).toHaveCount(3 * PAGE_SIZE)
  const loaded = await keys(cursor)
  expect(new Set(loaded).size).toBe(3 * PAGE_SIZE)
  await expect(cursor.getByTestId("server-timing")).toHaveCount(3)
  await expect(cursor.getByTestId("server-timing").nth(2)).toHaveText(
    new RegExp(`^Load 3: ${timingLine.source}`),
  )
  await expect(cursor.getByTestId("cursor-status")).toHaveText(
    `Showing ${3 * PAGE_SIZE} of ${count}`,
  )

  // Someone posts meanwhile: "1 new", and the lists stay where they are.
  const other = await api.signup()
  await api.post("/cleanings/", other.token, { name: "Brand new job", price: "12.00" })
  await expect(cursor.getByTestId("cursor-new")).toHaveText("1 new")
  await expect(offset.getByTestId("offset-new")).toHaveText("1 new")
  expect(await keys(cursor)).toEqual(loaded)
  await expect(offset.getByTestId("feed-page-status")).toHaveText(`Page ${pages} of ${pages}`)

  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, "feed", false)

  // Asked for, the new one shows on top.
  await cursor.getByTestId("cursor-new").click()
  await expect(events(cursor).first()).toContainText("Brand new job")
  await expect(events(cursor)).toHaveCount(PAGE_SIZE)
  await expect(cursor.getByTestId("cursor-new")).toHaveCount(0)
  await offset.getByTestId("offset-new").click()
  await expect(offset.getByTestId("feed-page-status")).toHaveText(
    `Page 1 of ${Math.ceil((count + 1) / PAGE_SIZE)}`,
  )
  await expect(events(offset).first()).toContainText("Brand new job")
})

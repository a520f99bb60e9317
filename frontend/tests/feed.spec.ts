import type { Locator } from "@playwright/test"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

const PAGE_SIZE = 20
const timingLine = /server \d+(\.\d)? ms \(database \d+(\.\d)? ms\)/

const events = (list: Locator) => list.getByTestId("feed-item")
const keys = (list: Locator) =>
  events(list).evaluateAll((items) => items.map((i) => i.getAttribute("data-event")))

test("the feed for people: one list, 'Load more', and one 'N new' that puts them on top without moving what is read", async ({
  pageAs,
  api,
}) => {
  const poster = await api.signup()
  for (let i = 1; i <= 2 * PAGE_SIZE + 5; i++) {
    await api.post("/cleanings/", poster.token, { name: `People feed job ${i}`, price: `${i}.50` })
  }
  const reader = await api.signup()
  const { count } = await api.get("/feed/cleanings/?limit=1", reader.token)
  const page = await pageAs(reader.token)
  await page.goto("/feed")
  const feed = page.getByTestId("people-feed")

  // One list: no second list, no pages, no timings.
  await expect(events(feed)).toHaveCount(PAGE_SIZE)
  await expect(page.getByTestId("offset-feed")).toHaveCount(0)
  await expect(page.getByTestId("cursor-feed")).toHaveCount(0)
  await expect(page.getByTestId("server-timing")).toHaveCount(0)
  await expect(events(feed).first()).toContainText(`People feed job ${2 * PAGE_SIZE + 5}`)
  await expect(events(feed).first().getByTestId("feed-event")).toHaveText("posted")
  await expect(events(feed).first().getByTestId("cleaning-status")).toHaveText("Open")
  await expect(events(feed).first().getByTestId("feed-price")).toHaveText(
    `€${2 * PAGE_SIZE + 5}.50`,
  )

  const asked = page.waitForRequest((r) => r.url().includes("/feed/cleanings/cursor?"))
  await feed.getByRole("button", { name: "Load more" }).click()
  expect(new URL((await asked).url()).searchParams.get("cursor")).toBeTruthy()
  await expect(events(feed)).toHaveCount(2 * PAGE_SIZE)
  const loaded = await keys(feed)
  expect(new Set(loaded).size).toBe(2 * PAGE_SIZE)
  await expect(feed.getByTestId("feed-status")).toHaveText(`Showing ${2 * PAGE_SIZE} of ${count}`)

  // Reading down the list, someone posts: "1 new", nothing moves.
  const reading = feed.locator(`[data-event="${loaded[PAGE_SIZE + 5]}"]`)
  await reading.scrollIntoViewIfNeeded()
  const before = await reading.boundingBox()
  const other = await api.signup()
  await api.post("/cleanings/", other.token, { name: "Brand new people job", price: "12.00" })
  await expect(feed.getByTestId("feed-new")).toHaveText("1 new")
  await expect(page.getByTestId("feed-new")).toHaveCount(1)
  expect(await keys(feed)).toEqual(loaded)

  // Shown on top, the rest kept (not reloaded), and the event being read stays where it was.
  await feed.getByTestId("feed-new").click()
  await expect(events(feed)).toHaveCount(2 * PAGE_SIZE + 1)
  await expect(events(feed).first()).toContainText("Brand new people job")
  expect((await keys(feed)).slice(1)).toEqual(loaded)
  await expect(feed.getByTestId("feed-new")).toHaveCount(0)
  const after = await reading.boundingBox()
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan(4)
  await expect(feed.getByTestId("feed-status")).toHaveText(
    `Showing ${2 * PAGE_SIZE + 1} of ${count + 1}`,
  )
})

test("/feed/compare on a phone: the two lists one above the other, each under its heading", async ({
  pageAs,
  api,
}) => {
  const poster = await api.signup()
  await api.post("/cleanings/", poster.token, { name: "Phone compare job", price: "9.00" })
  const page = await pageAs(poster.token)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto("/feed/compare")
  const offset = page.getByRole("region", { name: "Pages (offset)" })
  const cursor = page.getByRole("region", { name: "Load more (cursor)" })
  await expect(events(offset).first()).toBeVisible()
  await expect(events(cursor).first()).toBeVisible()
  const top = await offset.boundingBox()
  const below = await cursor.boundingBox()
  expect((below?.y ?? 0) >= (top?.y ?? 0) + (top?.height ?? 0)).toBe(true)
  // No sideways scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})

test("/feed/compare: the feed as pages and as 'load more', side by side, each load timed", async ({
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
  // One click away from the feed for people.
  await page.getByRole("link", { name: "Compare offset and cursor paging" }).click()
  await expect(page).toHaveURL(/\/feed\/compare$/)
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

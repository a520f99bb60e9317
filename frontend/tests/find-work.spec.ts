import { randomUUID } from "node:crypto"
import type { Page } from "@playwright/test"
import { expect, test } from "./support/fixtures"
import { screenshot } from "./support/screenshots"

// Every test's jobs share the database with the others': a made-up word of letters only
// (a search word), unique to the test, keeps each search to its own jobs.
const tag = () =>
  `zq${randomUUID()
    .replaceAll("-", "")
    .slice(0, 10)
    .replace(/\d/g, (d) => "abcdefghij"[Number(d)])}`

const results = (page: Page) => page.getByTestId("search-result")
const names = (page: Page) =>
  results(page)
    .getByRole("link")
    .evaluateAll((links) => links.map((l) => l.textContent))
const count = (page: Page) => page.getByTestId("search-count")
const pageStatus = (page: Page) => page.getByTestId("search-page-status")
const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search" })

test("find work: words without their accents and a word's start, types, prices, area", async ({
  pageAs,
  api,
}) => {
  const word = tag()
  const owner = await api.signup()
  const post = (job: Record<string, unknown>) => api.post("/cleanings/", owner.token, job)
  await post({
    name: `Café windows ${word}`,
    price: "40.00",
    cleaning_type: "dust_up",
    area: "Südstadt",
    scheduled_on: "2031-05-04",
  })
  await post({
    name: `Café window frames ${word}`,
    price: "60.00",
    cleaning_type: "dust_up",
    area: "Altstadt",
  })
  // Each of these misses one filter: the price, the type, a word.
  await post({ name: `Café windows, big ${word}`, price: "90.00", cleaning_type: "dust_up" })
  await post({ name: `Café windows, full ${word}`, price: "50.00", cleaning_type: "full_clean" })
  await post({ name: `Kitchen windows ${word}`, price: "45.00", cleaning_type: "dust_up" })
  const own = await api.signup()
  // The searcher's own job never shows.
  await api.post("/cleanings/", own.token, { name: `Café windows mine ${word}`, price: "41" })

  const page = await pageAs(own.token)
  await page.goto("/")
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Find work" })
    .click()
  await expect(page.getByRole("heading", { name: "Find work" })).toBeVisible()

  // "cafe" finds "Café"; "win" is the start of "windows" and "window".
  await searchBox(page).fill(`${word} cafe win`)
  await page.getByRole("button", { name: "Search" }).click()
  await expect(count(page)).toHaveText("4 jobs")

  await page.getByRole("checkbox", { name: "Dust up" }).check()
  await expect(count(page)).toHaveText("3 jobs")

  // Min above max: said next to the field, nothing sent.
  await page.getByLabel("Min price").fill("70")
  await page.getByLabel("Max price").fill("30")
  await page.getByRole("button", { name: "Search" }).click()
  await expect(page.getByText("The maximum price cannot be below the minimum")).toBeVisible()
  await expect(page).not.toHaveURL(/min=/)

  await page.getByLabel("Min price").fill("30")
  await page.getByLabel("Max price").fill("60")
  await page.getByLabel("Sort by").selectOption("price_desc")
  await expect(count(page)).toHaveText("2 jobs")
  expect(await names(page)).toEqual([`Café window frames ${word}`, `Café windows ${word}`])

  // Each result: status, price, type, area, date, offers, and a link to the job.
  const first = results(page).last()
  await expect(first.getByTestId("cleaning-status")).toHaveText("Open")
  await expect(first.getByTestId("result-price")).toHaveText("€40.00")
  await expect(first.getByTestId("result-type")).toHaveText("Dust up")
  await expect(first.getByTestId("result-area")).toHaveText("Südstadt")
  await expect(first.getByTestId("result-date")).toHaveText("May 4, 2031")
  await expect(first.getByTestId("result-offers")).toHaveText("0 offers")

  // The place, typed without its umlaut.
  await page.getByLabel("Area").fill("sudstadt")
  await page.getByLabel("Area").press("Enter")
  await expect(count(page)).toHaveText("1 job")
  await expect(page).toHaveURL(/area=sudstadt/)

  // The date range, inclusive.
  await page.getByLabel("Area").fill("")
  await page.getByLabel("From date").fill("2031-05-04")
  await page.getByLabel("To date").fill("2031-05-04")
  await page.getByRole("button", { name: "Search" }).click()
  await expect(count(page)).toHaveText("1 job")
  await expect(results(page)).toContainText(`Café windows ${word}`)

  await page.getByRole("button", { name: "Clear filters" }).click()
  await expect(searchBox(page)).toHaveValue("")
  await searchBox(page).fill(`${word} nothing`)
  await searchBox(page).press("Enter")
  await expect(page.getByText("No jobs match")).toBeVisible()
  await expect(count(page)).toHaveText("0 jobs")

  await searchBox(page).fill(`${word} cafe`)
  await searchBox(page).press("Enter")
  await results(page)
    .getByRole("link", { name: `Café windows ${word}`, exact: true })
    .click()
  await expect(page).toHaveURL(/\/cleanings\/[0-9a-f-]{36}$/)
})

test("find work: the URL holds every filter; reload, back and forward show the same", async ({
  pageAs,
  api,
}) => {
  const word = tag()
  const owner = await api.signup()
  for (const [name, price, type] of [
    ["Oven", "20.00", "full_clean"],
    ["Oven racks", "35.50", "full_clean"],
    ["Oven door", "35.00", "spot_clean"],
    ["Fridge", "80.00", "full_clean"],
  ]) {
    await api.post("/cleanings/", owner.token, {
      name: `${name} ${word}`,
      price,
      cleaning_type: type,
    })
  }
  const page = await pageAs((await api.signup()).token)
  await page.goto("/find-work")
  await searchBox(page).fill(word)
  await searchBox(page).press("Enter")
  await expect(count(page)).toHaveText("4 jobs")

  await page.getByRole("checkbox", { name: "Full clean" }).check()
  await expect(count(page)).toHaveText("3 jobs")
  await page.getByLabel("Min price").fill("20.5")
  await page.getByLabel("Max price").fill("79.99")
  await page.getByRole("button", { name: "Search" }).click()
  await expect(count(page)).toHaveText("1 job")
  await page.getByLabel("Status").selectOption("any")
  await page.getByLabel("Sort by").selectOption("price_asc")
  await expect(page).toHaveURL(/sort=price_asc/)
  const url = new URL(page.url())
  expect(Object.fromEntries(url.searchParams)).toEqual({
    q: word,
    type: "full_clean",
    min: "20.5",
    max: "79.99",
    status: "any",
    sort: "price_asc",
  })
  const view = async () => {
    await expect(count(page)).toHaveText("1 job")
    expect(await names(page)).toEqual([`Oven racks ${word}`])
    await expect(searchBox(page)).toHaveValue(word)
    await expect(page.getByRole("checkbox", { name: "Full clean" })).toBeChecked()
    await expect(page.getByRole("checkbox", { name: "Dust up" })).not.toBeChecked()
    await expect(page.getByLabel("Min price")).toHaveValue("20.50")
    await expect(page.getByLabel("Max price")).toHaveValue("79.99")
    await expect(page.getByLabel("Status")).toHaveValue("any")
    await expect(page.getByLabel("Sort by")).toHaveValue("price_asc")
  }
  await view()
  await page.reload()
  await view()

  // Back, one step at a time: the filters and the results as they were.
  await page.goBack()
  await expect(page).not.toHaveURL(/sort=/)
  await expect(page.getByLabel("Sort by")).toHaveValue("newest")
  await expect(page.getByLabel("Status")).toHaveValue("any")
  await page.goBack()
  await expect(page.getByLabel("Status")).toHaveValue("open")
  await page.goBack()
  await expect(count(page)).toHaveText("3 jobs")
  await expect(page.getByLabel("Min price")).toHaveValue("")
  await expect(page.getByRole("checkbox", { name: "Full clean" })).toBeChecked()
  await page.goBack()
  await expect(count(page)).toHaveText("4 jobs")
  await expect(page.getByRole("checkbox", { name: "Full clean" })).not.toBeChecked()
  await page.goForward()
  await page.goForward()
  await page.goForward()
  await page.goForward()
  await view()

  // A shared link opens the same view in another tab.
  const other = await pageAs((await api.signup()).token)
  await other.goto(url.pathname + url.search)
  await expect(count(other)).toHaveText("1 job")
  expect(await names(other)).toEqual([`Oven racks ${word}`])

  // Nonsense in the URL: defaults, no crash.
  await other.goto(
    `/find-work?q=${word}&type=nope&min=abc&max=-3&from=2031-02-31&status=bogus&sort=up&page=x`,
  )
  await expect(count(other)).toHaveText("4 jobs")
  await expect(other.getByLabel("Status")).toHaveValue("open")
  await expect(other.getByLabel("Sort by")).toHaveValue("newest")
  await expect(other.getByLabel("Min price")).toHaveValue("")
  await expect(other.getByLabel("From date")).toHaveValue("")
  // Bounds the wrong way round: the upper one is dropped.
  await other.goto(`/find-work?q=${word}&min=50&max=10`)
  await expect(count(other)).toHaveText("1 job")
  await expect(other.getByLabel("Max price")).toHaveValue("")
})

test("find work: pages from the server, Page N of M, past the end goes to the last", async ({
  pageAs,
  api,
}) => {
  const word = tag()
  const owner = await api.signup()
  for (let i = 1; i <= 23; i++) {
    await api.post("/cleanings/", owner.token, { name: `Stairs ${i} ${word}`, price: `${i}.00` })
  }
  const page = await pageAs((await api.signup()).token)
  await page.goto(`/find-work?q=${word}&sort=price_asc`)
  await expect(count(page)).toHaveText("23 jobs")
  await expect(pageStatus(page)).toHaveText("Page 1 of 3")
  await expect(results(page)).toHaveCount(10)
  await expect(results(page).first()).toContainText(`Stairs 1 ${word}`)

  const asked = page.waitForRequest((r) => r.url().includes("/cleanings/search?"))
  await page.getByRole("button", { name: "Next" }).click()
  expect(new URL((await asked).url()).searchParams.get("skip")).toBe("10")
  await expect(pageStatus(page)).toHaveText("Page 2 of 3")
  await expect(page).toHaveURL(/page=2/)
  await expect(results(page).first()).toContainText(`Stairs 11 ${word}`)
  await page.getByRole("button", { name: "Next" }).click()
  await expect(pageStatus(page)).toHaveText("Page 3 of 3")
  await expect(results(page)).toHaveCount(3)

  await page.goBack()
  await expect(pageStatus(page)).toHaveText("Page 2 of 3")
  await expect(results(page).first()).toContainText(`Stairs 11 ${word}`)

  // A new filter starts again at page 1.
  await page.getByRole("checkbox", { name: "Spot clean" }).check()
  await expect(pageStatus(page)).toHaveText("Page 1 of 3")
  await expect(page).not.toHaveURL(/page=/)

  await page.goto(`/find-work?q=${word}&sort=price_asc&page=99`)
  await expect(pageStatus(page)).toHaveText("Page 3 of 3")
  await expect(page).toHaveURL(/page=3/)
  await expect(results(page)).toHaveCount(3)

  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/find-work?q=${word}&sort=price_asc`)
  await expect(pageStatus(page)).toHaveText("Page 1 of 3")
  // No sideways scrolling on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  )
  await page.setViewportSize({ width: 1280, height: 900 })
  await screenshot(page, "find-work", false)
})

test("my cleanings and the feed: status, offers, area and date, and what each change did", async ({
  pageAs,
  api,
}) => {
  const word = tag()
  const owner = await api.signup()
  const cleaner = await api.signup()
  const taken = await api.post("/cleanings/", owner.token, {
    name: `Taken job ${word}`,
    price: "30.00",
  })
  await api.post(`/cleanings/${taken.id}/offers/`, cleaner.token, {})
  await api.post(`/cleanings/${taken.id}/offers/${cleaner.username}/accept`, owner.token, {})

  const page = await pageAs(owner.token)
  await page.goto("/cleanings")
  await page.getByRole("button", { name: "New cleaning" }).click()
  const dialog = page.getByRole("dialog", { name: "New cleaning" })
  await dialog.getByLabel("Name").fill(`Open job ${word}`)
  await dialog.getByLabel("Price").fill("10")
  await dialog.getByLabel("Area").fill("Neukölln")
  await dialog.getByLabel("Date").fill("2032-07-09")
  await dialog.getByRole("button", { name: "Save" }).click()
  await expect(dialog).toBeHidden()

  const openRow = page.getByRole("row").filter({ hasText: `Open job ${word}` })
  const takenRow = page.getByRole("row").filter({ hasText: `Taken job ${word}` })
  await expect(openRow.getByTestId("cleaning-status")).toHaveText("Open")
  await expect(openRow.getByTestId("offers-count")).toHaveText("0")
  await expect(openRow).toContainText("Neukölln")
  await expect(openRow).toContainText("Jul 9, 2032")
  await expect(takenRow.getByTestId("cleaning-status")).toHaveText("Hired")
  await expect(takenRow.getByTestId("offers-count")).toHaveText("1")

  // Hired: price, type, area and date are fixed, the name is not.
  await takenRow.getByRole("button", { name: `Edit Taken job ${word}` }).click()
  const taking = page.getByRole("dialog", { name: "Edit cleaning" })
  for (const field of ["Price", "Area", "Date"])
    await expect(taking.getByLabel(field)).toBeDisabled()
  await taking.getByLabel("Name").fill(`Taken job, renamed ${word}`)
  await taking.getByRole("button", { name: "Save" }).click()
  await expect(taking).toBeHidden()
  await expect(page.getByRole("row").filter({ hasText: `Taken job, renamed ${word}` })).toHaveCount(
    1,
  )

  await openRow.getByRole("button", { name: `Edit Open job ${word}` }).click()
  const edit = page.getByRole("dialog", { name: "Edit cleaning" })
  await expect(edit.getByLabel("Area")).toHaveValue("Neukölln")
  await edit.getByLabel("Price").fill("12.5")
  await edit.getByRole("button", { name: "Save" }).click()
  await expect(edit).toBeHidden()
  await expect(openRow).toContainText("12.50")

  await page.goto("/feed")
  const feed = page.getByTestId("people-feed").getByTestId("feed-item")
  const events = feed.filter({ hasText: word })
  // Newest first: the price change, the rename, the job posted, the hire, the taken job posted.
  await expect(events).toHaveCount(5)
  await expect(events.nth(0).getByTestId("feed-change")).toHaveText("price €10.00 → €12.50")
  await expect(events.nth(0).getByTestId("feed-price")).toHaveText("€12.50")
  await expect(events.nth(0).getByTestId("cleaning-status")).toHaveText("Open")
  await expect(events.nth(1).getByTestId("feed-change")).toHaveText(
    `name Taken job ${word} → Taken job, renamed ${word}`,
  )
  // Posted at 10.00, whatever it costs now.
  await expect(events.nth(2).getByTestId("feed-event")).toHaveText("posted")
  await expect(events.nth(2).getByTestId("feed-change")).toHaveCount(0)
  await expect(events.nth(2).getByTestId("feed-price")).toHaveText("€10.00")
  await expect(events.nth(2)).toContainText("Neukölln")
  await expect(events.nth(3).getByTestId("feed-event")).toHaveText("changed status")
  await expect(events.nth(3).getByTestId("feed-change")).toHaveText("status open → hired")
  await expect(events.nth(3).getByTestId("cleaning-status")).toHaveText("Hired")
  // The owner without a picture: initials.
  await expect(events.nth(0).locator(".mantine-Avatar-root")).toBeVisible()
})

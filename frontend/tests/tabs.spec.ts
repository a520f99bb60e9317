import { newUser } from "./support/api"
import { expect, logIn, test } from "./support/fixtures"

// Tabs of one browser share localStorage, and with it the signed-in token. Each tab sends only
// the token it signed in with, and follows at once when another tab logs out or in.

test("a tab follows another tab's logout and login as someone else", async ({ pageAs, api }) => {
  const one = await api.signup(newUser("one"))
  const two = await api.signup(newUser("two"))
  const tabA = await pageAs(one.token)
  await tabA.goto("/settings")
  await expect(tabA.getByLabel("Email")).toHaveValue(one.email)
  // One's edits, not saved.
  await tabA.getByLabel("Phone number").fill("+1 555 0101")
  await tabA.getByLabel("Bio").fill("One's bio, not saved")

  const tabB = await tabA.context().newPage()
  await tabB.goto("/")
  await expect(tabB.getByTestId("signed-in-as")).toHaveText(one.full_name)
  await tabB.getByRole("button", { name: "Log out" }).click()
  await expect(tabB).toHaveURL(/\/login$/)
  // A plain logout elsewhere: this tab goes to the login page too.
  await expect(tabA).toHaveURL(/\/login/)
  await expect(tabA.getByRole("button", { name: "Log in" })).toBeVisible()
  await expect(tabA.getByLabel("Phone number")).toHaveCount(0)

  await logIn(tabB, two.email, two.password)
  await expect(tabB.getByTestId("signed-in-as")).toHaveText(two.full_name)
  // This tab starts over as two: nothing of one's remains.
  await expect(tabA.getByTestId("signed-in-as")).toHaveText(two.full_name)
  await expect(tabA).toHaveURL(/\/$/)
  await expect(tabA.getByText(one.full_name)).toHaveCount(0)
  await tabA.goto("/settings")
  await expect(tabA.getByLabel("Email")).toHaveValue(two.email)
  await expect(tabA.getByLabel("Phone number")).toHaveValue("")

  const profile = await api.get("/profiles/me", two.token)
  expect(profile.phone_number).toBeNull()
  expect(profile.bio).toBeNull()

  // Two logs out in tab B: tab A follows to the login page.
  await tabB.getByRole("button", { name: "Log out" }).click()
  await expect(tabA).toHaveURL(/\/login/)
  await expect(tabA.getByRole("button", { name: "Log in" })).toBeVisible()
})

test("a form of the previous user's page never saves with the next user's token", async ({
  pageAs,
  api,
}) => {
  const one = await api.signup(newUser("one"))
  const two = await api.signup(newUser("two"))
  const tab = await pageAs(one.token)
  await tab.goto("/settings")
  await expect(tab.getByLabel("Email")).toHaveValue(one.email)
  await tab.getByLabel("Phone number").fill("+1 555 0102")
  await tab.getByLabel("Bio").fill("One's bio")

  // Another tab signed in as two, and this tab has not heard of it yet (a page's own write to
  // localStorage raises no storage event in it): the click must not write into two's account.
  await tab.evaluate((token) => localStorage.setItem("access_token", token), two.token)
  await tab.getByRole("button", { name: "Save profile" }).click()
  // The tab follows instead: it starts over as two.
  await expect(tab.getByTestId("signed-in-as")).toHaveText(two.full_name)
  await expect(tab).toHaveURL(/\/$/)

  const profile = await api.get("/profiles/me", two.token)
  expect(profile.phone_number).toBeNull()
  expect(profile.bio).toBeNull()
})

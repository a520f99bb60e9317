import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { expect } from "@playwright/test"
import { simpleParser } from "mailparser"

const mailDir = () => path.join(process.env.E2E_DIR ?? "", "mail")

/** The newest mail sent to `to`, waiting for it to arrive. */
export async function lastMailTo(to: string) {
  let found: Awaited<ReturnType<typeof simpleParser>> | undefined
  await expect
    .poll(
      async () => {
        const names = readdirSync(mailDir()).sort().reverse()
        for (const name of names) {
          const mail = await simpleParser(readFileSync(path.join(mailDir(), name)))
          const recipients = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address))
          if (recipients.includes(to)) {
            found = mail
            return true
          }
        }
        return false
      },
      { message: `a mail to ${to}`, timeout: 15_000 },
    )
    .toBe(true)
  // biome-ignore lint/style/noNonNullAssertion: the poll above found it
  return found!
}

/** The reset-password link in the newest recovery mail to `to`. */
export async function resetLinkFor(to: string): Promise<string> {
  const mail = await lastMailTo(to)
  const match = String(mail.html).match(/href="([^"]*\/reset-password\?token=[^"]+)"/)
  expect(match, "a reset link in the mail").not.toBeNull()
  // biome-ignore lint/style/noNonNullAssertion: checked above
  return match![1].replaceAll("&amp;", "&")
}

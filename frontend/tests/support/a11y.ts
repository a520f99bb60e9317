import { expect, type Page } from "@playwright/test"

/**
 * Every visible form field has a visible label, and every button an accessible name: the
 * problems found, as "what: where" lines (none expected).
 */
export async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect()
      const style = getComputedStyle(el)
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
    }
    const text = (el: Element | null) => (el?.textContent ?? "").trim()
    const byIds = (ids: string | null) =>
      (ids ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id))
    const problems: string[] = []
    for (const button of document.querySelectorAll("button, [role=button]")) {
      if (!visible(button) || button.getAttribute("aria-hidden") === "true") continue
      const name =
        button.getAttribute("aria-label") ||
        byIds(button.getAttribute("aria-labelledby")).map(text).join(" ") ||
        text(button) ||
        button.getAttribute("title")
      if (!name) problems.push(`button without a name: ${button.outerHTML.slice(0, 120)}`)
    }
    const fields = document.querySelectorAll(
      "input:not([type=hidden]), textarea, select, [role=combobox]",
    )
    for (const field of fields) {
      if (!visible(field)) continue
      const id = field.getAttribute("id")
      const labels = [
        ...(id ? [...document.querySelectorAll(`label[for="${CSS.escape(id)}"]`)] : []),
        ...byIds(field.getAttribute("aria-labelledby")),
        field.closest("label"),
      ].filter((label): label is HTMLElement => !!label && visible(label) && !!text(label))
      if (labels.length === 0)
        problems.push(`field without a visible label: ${field.outerHTML.slice(0, 120)}`)
    }
    return problems
  })
}

export async function expectLabelled(page: Page) {
  expect(await unlabelled(page), `on ${page.url()}`).toEqual([])
}

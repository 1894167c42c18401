import { mentionToken, pageToken } from '#shared/comments/body'

/**
 * Turns `@Name` of a project member, as typed, into the mention token the server checks
 * (longest names first, so "@Ana Lima" wins over "@Ana"). Anything else stays text.
 */
export function withMentionTokens(text: string, people: readonly { userId: string; name: string }[]): string {
  const sorted = [...people].filter((p) => p.name).sort((a, b) => b.name.length - a.name.length)
  let out = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '@' && (i === 0 || /\s|\(/.test(text[i - 1]!))) {
      const rest = text.slice(i + 1)
      const who = sorted.find((p) => rest.toLowerCase().startsWith(p.name.toLowerCase()) && !/[\p{L}\p{N}]/u.test(rest[p.name.length] ?? ''))
      if (who) {
        out += mentionToken(who.name, who.userId)
        i += 1 + who.name.length
        continue
      }
    }
    out += text[i]
    i++
  }
  return out
}

/**
 * Turns `[[Title]]` of a page of the project, as typed, into the page token (a title that names no
 * page stays text). Runs after the mention pass; an existing token (`[[T]](doc:…)`) is left alone.
 */
export function withPageTokens(text: string, pages: readonly { id: string; title: string }[]): string {
  const byTitle = new Map(pages.map((p) => [p.title.trim().toLowerCase(), p] as const))
  return text.replace(/\[\[([^\]\n]{1,300})\]\](?!\(doc:)/g, (whole, title: string) => {
    const page = byTitle.get(title.trim().toLowerCase())
    return page ? pageToken(page.title, page.id) : whole
  })
}

import { describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { convertMarkdown } from '#shared/import/markdown/convert'
import { HTML_VECTORS, hostileHrefs, hrefIsSafe, TEXT_VECTORS } from '../e2e/xss-vectors.ts'

/**
 * The XSS suite's vectors (test/e2e/xss-vectors.ts) written into Markdown files: after import
 * no tag survives as markup, every link is one the editor would follow, and attributes hold only
 * what the schema expects. (Text that reads like HTML stays text: the editor never renders it.)
 */
const ORIGIN = 'https://keel.test'
const SCHEMA = ['paragraph', 'heading', 'codeBlock', 'blockquote', 'bulletList', 'orderedList', 'listItem', 'task', 'horizontalRule', 'hardBreak']

function walk(node: JsonNode, visit: (n: JsonNode) => void): void {
  visit(node)
  for (const c of node.content ?? []) walk(c, visit)
}

function check(md: string): JsonNode[] {
  const { content } = convertMarkdown(md)
  for (const block of content) {
    walk(block, (n) => {
      for (const m of n.marks ?? []) {
        if (m.type === 'link') expect(hrefIsSafe(new URL(String(m.attrs?.href), ORIGIN).href, ORIGIN), `${md} → ${String(m.attrs?.href)}`).toBe(true)
        else expect(m.attrs, md).toBeUndefined()
      }
      if (n.type === 'codeBlock') expect(String(n.attrs?.language ?? 'null'), md).toMatch(/^[A-Za-z0-9_+#.-]*$|^null$/)
      if (n.type !== 'text') expect([...SCHEMA, 'table', 'tableRow', 'tableHeader', 'tableCell']).toContain(n.type)
    })
  }
  return content
}

describe('imported Markdown against the XSS vectors', () => {
  it.each(HTML_VECTORS)('raw HTML "%s" never survives as markup, in a block or inline', (_what, html) => {
    const vector = html.replace(/\$/g, '__xss.push(1)').replace(/@/g, '1')
    for (const md of [vector, `Before ${vector} after`, `- item ${vector}`, `> ${vector}`, `# Title ${vector}`]) {
      const out = JSON.stringify(check(md))
      // Tags are removed, not escaped into text: no handler attribute is left anywhere.
      expect(out, md).not.toMatch(/on(error|load|click|focus|toggle|begin|start|mouseover)\s*=/i)
      expect(out, md).not.toMatch(/<(script|img|svg|iframe|object|embed|style)\b/i)
    }
  })

  it.each(hostileHrefs(1).map((h) => [h.what, h.href]))('a link to %s never becomes an unsafe link', (_what, href) => {
    for (const md of [`[click](${href})`, `[click](<${href}>)`, `<${href}>`, `[ref]\n\n[ref]: ${href}`]) check(md)
  })

  it.each(TEXT_VECTORS)('text payload "%s" converts without unsafe links', (_what, text) => {
    check(text.replace(/\$/g, '__xss.push(1)'))
  })

  it.each(HTML_VECTORS)('raw HTML "%s" in a table cell never survives as markup', (_what, html) => {
    const vector = html.replace(/\$/g, '__xss.push(1)').replace(/@/g, '1').replace(/\n/g, ' ')
    const out = JSON.stringify(check(`| a |\n|---|\n| ${vector} |`))
    expect(out).not.toMatch(/on(error|load|click|focus|toggle|begin|start|mouseover)\s*=|<(script|img|svg|iframe|object|embed|style)\b/i)
  })

  it.each(hostileHrefs(1).map((h) => [h.what, h.href]))('an image whose src is %s never becomes an image or an unsafe link', (_what, href) => {
    const out = check(`![alt](${href}) ![alt](<${href}>)`)
    expect(JSON.stringify(out)).not.toMatch(/"image"|"src"/)
  })

  it('drops a hostile code block language', () => {
    const [block] = check('```"><img src=x onerror=alert(1)>\ncode\n```')
    expect(block).toEqual({ type: 'codeBlock', attrs: { language: null }, content: [{ type: 'text', text: 'code' }] })
  })
})

import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../../api/docs.ts'
import { convertMarkdown } from './convert.ts'

const content = (md: string) => convertMarkdown(md).content
const t = (text: string, ...marks: string[]): JsonNode =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text }
const p = (...c: JsonNode[]): JsonNode => ({ type: 'paragraph', content: c })

describe('convertMarkdown', () => {
  it('maps headings with their level', () => {
    expect(content('# One\n\n### Three')).toEqual([
      { type: 'heading', attrs: { level: 1 }, content: [t('One')] },
      { type: 'heading', attrs: { level: 3 }, content: [t('Three')] },
    ])
  })

  it('maps bold, italic, strike, inline code and hard breaks', () => {
    expect(content('a **b** *c* ~~d~~ `e`  \nf')).toEqual([
      p(t('a '), t('b', 'bold'), t(' '), t('c', 'italic'), t(' '), t('d', 'strike'), t(' '), t('e', 'code'), { type: 'hardBreak' }, t('f')),
    ])
  })

  it('nests marks', () => {
    expect(content('***both***')).toEqual([p({ type: 'text', text: 'both', marks: [{ type: 'italic' }, { type: 'bold' }] })])
  })

  it('keeps safe links and turns unsafe ones into text with a warning', () => {
    const r = convertMarkdown('[site](https://example.com) [bad](javascript:alert(1))')
    expect(r.content).toEqual([p({ type: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }] }, t(' bad'))])
    expect(r.warnings.join()).toMatch(/not a safe URL/)
  })

  it('rewrites links through the resolver', () => {
    const r = convertMarkdown('[x](other.md#h)', { resolveLink: (href) => (href === 'other.md#h' ? { href: '/d/abc123' } : null) })
    expect(r.content).toEqual([p({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: '/d/abc123' } }] })])
  })

  it('maps bullet and ordered lists, nested', () => {
    expect(content('- a\n  - b\n- c\n\n3. x\n4. y')).toEqual([
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(t('a')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('b'))] }] }] },
          { type: 'listItem', content: [p(t('c'))] },
        ],
      },
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [
          { type: 'listItem', content: [p(t('x'))] },
          { type: 'listItem', content: [p(t('y'))] },
        ],
      },
    ])
  })

  it('maps code blocks with their language', () => {
    expect(content('```python\nprint(1)\n```\n\n```\nplain\n```')).toEqual([
      { type: 'codeBlock', attrs: { language: 'python' }, content: [t('print(1)')] },
      { type: 'codeBlock', attrs: { language: null }, content: [t('plain')] },
    ])
  })

  it('maps blockquotes and horizontal rules', () => {
    expect(content('> quoted\n\n---\n\nafter')).toEqual([{ type: 'blockquote', content: [p(t('quoted'))] }, { type: 'horizontalRule' }, p(t('after'))])
  })

  it('turns task list items into task blocks with title and done status, splitting the list around them', () => {
    const r = convertMarkdown('- before\n- [ ] Label the **holdout**\n- [x] Collect data\n  - a note\n- after', { taskId: (n) => `task-${n}` })
    expect(r.tasks).toBe(2)
    expect(r.content).toEqual([
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('before'))] }] },
      { type: 'task', attrs: { id: 'task-0', status: 'todo' }, content: [t('Label the '), t('holdout', 'bold')] },
      { type: 'task', attrs: { id: 'task-1', status: 'done' }, content: [t('Collect data')] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('a note'))] }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('after'))] }] },
    ])
  })

  it('maps a table: the header row as header cells, marks and links kept in cells, ragged rows padded', () => {
    const r = convertMarkdown('| metric | **value** |\n|---|---|\n| F1 | `0.91` |\n| [AUC](https://x.example) |')
    const cell = (type: string, ...c: JsonNode[]): JsonNode => ({
      type,
      attrs: { colspan: 1, rowspan: 1, colwidth: null },
      content: [c.length ? p(...c) : { type: 'paragraph' }],
    })
    const row = (...c: JsonNode[]): JsonNode => ({ type: 'tableRow', content: c })
    expect(r.content).toEqual([
      {
        type: 'table',
        content: [
          row(cell('tableHeader', t('metric')), cell('tableHeader', t('value', 'bold'))),
          row(cell('tableCell', t('F1')), cell('tableCell', t('0.91', 'code'))),
          row(cell('tableCell', { type: 'text', text: 'AUC', marks: [{ type: 'link', attrs: { href: 'https://x.example' } }] }), cell('tableCell')),
        ],
      },
    ])
    expect(r.warnings).toEqual([])
  })

  it('reads front matter as properties and its title as the title', () => {
    const r = convertMarkdown('---\ntitle: Eval plan\nowner: dana\ntags: [eval, nlp]\ndate: 2026-03-01\n---\n# Heading\n\nBody')
    expect(r.properties).toEqual({ title: 'Eval plan', owner: 'dana', tags: ['eval', 'nlp'], date: '2026-03-01' })
    expect(r.title).toBe('Eval plan')
    expect(r.content[0]).toEqual({ type: 'heading', attrs: { level: 1 }, content: [t('Heading')] })
  })

  it('takes the first heading as the title when there is no front matter title', () => {
    expect(convertMarkdown('# Runbook\n\ntext').title).toBe('Runbook')
    expect(convertMarkdown('text\n\n# Later').title).toBeNull()
  })

  it('reports invalid front matter and keeps the body', () => {
    const r = convertMarkdown('---\n: : [\n---\nBody')
    expect(r.content).toEqual([p(t('Body'))])
    expect(r.warnings.join()).toMatch(/front matter/)
  })

  it('never passes raw HTML through: tags removed, scripts dropped whole, a warning', () => {
    const r = convertMarkdown('<div onclick="x()">Hello <script>alert(1)</script>world</div>\n\nInline <b>bold</b> <img src=x onerror=alert(1)>')
    expect(JSON.stringify(r.content)).not.toMatch(/<|script|onerror|alert/)
    expect(r.content).toEqual([p(t('Hello world')), p(t('Inline bold '))])
    expect(r.warnings.join()).toMatch(/raw HTML removed/)
  })

  it('without an archive, a relative image leaves its alt text; a remote image stays a link, with a warning', () => {
    const r = convertMarkdown('![loss curve](img/loss.png) and ![](https://cdn.example.com/a.png)')
    expect(r.content).toEqual([
      p(t('[image: loss curve] and '), {
        type: 'text',
        text: 'https://cdn.example.com/a.png',
        marks: [{ type: 'link', attrs: { href: 'https://cdn.example.com/a.png' } }],
      }),
    ])
    expect(r.warnings).toEqual(['remote images are kept as links (an import never fetches from the web)'])
  })

  it('decodes character references as text', () => {
    expect(content('a &amp; b &lt;tag&gt; &#233;')).toEqual([p(t('a & b <tag> é'))])
  })
})

import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { toMarkdown } from '../doc/markdown.ts'
import { esc, htmlPage, indexList, toHtml } from './html.ts'

const text = (t: string, marks: JsonNode['marks'] = []): JsonNode => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) })
const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
const p = (...content: JsonNode[]): JsonNode => ({ type: 'paragraph', content })
const link = (docId: string): JsonNode => ({ type: 'docLink', attrs: { docId } })
const hrefs = { docTitle: (id: string) => (id === 'b' ? 'Data plan' : null), docHref: (id: string) => (id === 'b' ? 'Spec/Data%20plan.html' : null) }

describe('toHtml', () => {
  it('escapes every character of content that HTML reads', () => {
    expect(esc(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;')
    expect(toHtml(doc(p(text('<script>alert(1)</script>'))))).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
  })

  it('never takes a tag, attribute or level from content', () => {
    expect(toHtml(doc({ type: 'heading', attrs: { level: '1 onclick=x' }, content: [text('T')] }))).toBe('<h1>T</h1>')
    expect(toHtml(doc({ type: 'heading', attrs: { level: 9 }, content: [text('T')] }))).toBe('<h6>T</h6>')
    expect(toHtml(doc({ type: 'script', content: [text('alert(1)')] }))).toBe('<p>alert(1)</p>')
    expect(toHtml(doc({ type: 'orderedList', attrs: { start: '3" onclick="x' }, content: [] }))).toBe('<ol start="1"></ol>')
    expect(toHtml(doc({ type: 'codeBlock', attrs: { language: '"><img>' }, content: [text('</code><b>')] }))).toBe(
      '<pre><code>&lt;/code&gt;&lt;b&gt;</code></pre>',
    )
  })

  it('keeps safe links, drops the others to text, and points doc links at exported files', () => {
    const a = text('site', [{ type: 'link', attrs: { href: 'https://example.com/?a=1&b="2"' } }])
    const js = text('bad', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])
    const page = text('page', [{ type: 'link', attrs: { href: '/d/b' } }])
    expect(toHtml(doc(p(a, js, page)), hrefs)).toBe(
      '<p><a href="https://example.com/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">site</a>bad<a href="Spec/Data%20plan.html">page</a></p>',
    )
    expect(toHtml(doc(p(link('b'), link('elsewhere'))), hrefs)).toBe(
      '<p><a href="Spec/Data%20plan.html">Data plan</a><span class="link">Linked page</span></p>',
    )
    expect(toHtml(doc(p({ type: 'image', attrs: { src: 'javascript:x', alt: '"><b>' } })))).toBe('<p>&quot;&gt;&lt;b&gt;</p>')
  })

  it('renders a task with its checkbox, title and fields', () => {
    const task: JsonNode = {
      type: 'task',
      attrs: { id: 't-1111', status: 'in_progress', assignee: 'priya', due: '2026-12-01', stage: 'training', estimate: 2, deps: ['t-0000'] },
      content: [text('Train <b>')],
    }
    expect(toHtml(doc(task))).toBe(
      '<div class="task" data-status="in_progress"><input type="checkbox" disabled> <span class="title">Train &lt;b&gt;</span> ' +
        '<span class="fields">in progress · @priya · due 2026-12-01 · stage training · estimate 2d · after: t-0000</span></div>',
    )
    expect(toHtml(doc({ type: 'task', attrs: { id: 't-2222', status: 'done' }, content: [text('Ship')] }))).toBe(
      '<div class="task" data-status="done"><input type="checkbox" disabled checked> <span class="title">Ship</span></div>',
    )
  })

  it('a page is self-contained: no script, an inline stylesheet, a CSP that refuses scripts; the index escapes too', () => {
    const page = htmlPage('<t>', '<p>x</p>', '')
    expect(page).toContain('<title>&lt;t&gt;</title>')
    expect(page).toContain("default-src 'none'")
    expect(page).not.toMatch(/<script|<link/)
    expect(indexList([{ title: '<b>', href: 'a"b.html', children: [{ title: 'c', href: 'a/c.html', children: [] }] }])).toBe(
      '<ul class="tree"><li><a href="a&quot;b.html">&lt;b&gt;</a><ul class="tree"><li><a href="a/c.html">c</a></li></ul></li></ul>',
    )
  })
})

describe('toMarkdown with docHref', () => {
  it('writes links to exported pages as relative paths, others as /d/<id>', () => {
    const page = text('page', [{ type: 'link', attrs: { href: '/d/b' } }])
    expect(toMarkdown(doc(p(link('b'), text(' '), link('c'), text(' '), page)), hrefs)).toBe(
      '[Data plan](Spec/Data%20plan.html) [Linked page](/d/c) [page](Spec/Data%20plan.html)\n',
    )
  })
})

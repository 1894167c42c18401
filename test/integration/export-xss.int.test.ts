import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { nodesOf } from '#shared/hub/tree'
import { CHECKLIST_BLOCK, putItem } from '#shared/ml/checklist'
import { EXPERIMENT_BLOCK, writeRun } from '#shared/ml/runs'
import { startServer, type TestServer } from '../../server/test/harness.ts'
import { HTML_VECTORS, hostileHrefs, TEXT_VECTORS } from '../e2e/xss-vectors.ts'

/**
 * The XSS suite's vectors (test/e2e/xss-vectors.ts) written straight into a page with raw Yjs
 * (past every schema), then exported as HTML and Markdown: the HTML must hold only the tags and
 * attributes the exporter writes itself, with safe hrefs; the Markdown no raw HTML.
 */
let server: TestServer
let projectId: string
const DOC = 'xss-export-doc'
const payload = (n: number) => `__xss.push(${n})`

beforeAll(async () => {
  server = await startServer()
  projectId = server.fixture.projectId
  const app = server.app
  const texts = [...HTML_VECTORS, ...TEXT_VECTORS].map(([, v], i) => v.replaceAll('$', payload(i)))
  app.hub.createDoc(DOC, projectId, texts[0]!)
  app.registry.change(DOC, server.fixture.owner.id, (doc) => {
    const frag = doc.getXmlFragment(EDITOR_FRAGMENT)
    const push = (name: string, attrs: Record<string, unknown>, ...content: (Y.XmlText | Y.XmlElement)[]) => {
      const el = new Y.XmlElement(name)
      frag.push([el])
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string)
      el.insert(0, content)
      return el
    }
    push('heading', { level: 1 }, new Y.XmlText(texts[0]!))
    for (const t of texts) push('paragraph', { onclick: payload(1), style: `background:url(javascript:${payload(1)})` }, new Y.XmlText(t))
    for (const [k, { href }] of hostileHrefs(7).entries()) {
      const t = new Y.XmlText()
      t.insert(0, `link ${k}`, { link: { href, target: `"><img src=x onerror=${payload(k)}>`, rel: `x" onmouseover="${payload(k)}` } })
      push('paragraph', {}, t)
    }
    for (const name of ['script', 'iframe', 'img', 'svg', 'style', 'object'])
      push(name, { src: 'x', onerror: payload(3), onload: payload(3) }, new Y.XmlText(payload(3)))
    push('heading', { level: `1 onmouseover=${payload(4)}` }, new Y.XmlText('hostile level'))
    push('codeBlock', { language: `"><img src=x onerror=${payload(5)}>` }, new Y.XmlText('</code></pre><script>alert(1)</script>'))
    push('orderedList', { start: `1" onclick="${payload(6)}` }, new Y.XmlElement('listItem'))
    const task = push(TASK_NODE, { id: `t"><img src=x onerror=${payload(8)}>` }, new Y.XmlText(`<img src=x onerror=${payload(8)}>`))
    for (const k of ['assignee', 'due', 'status', 'priority', 'stage', 'deps']) task.setAttribute(k, `"><img src=x onerror=${payload(8)}>`)
    for (const id of ['javascript:alert(1)', '"><img src=x onerror=alert(1)>', '../../api/x']) {
      const link = new Y.XmlElement(DOC_LINK_NODE)
      link.setAttribute('docId', id)
      push('paragraph', {}, new Y.XmlText('doclink '), link)
    }
    push('image', { src: 'javascript:alert(1)', alt: `"><script>${payload(9)}</script>` })
    // ML blocks, their data written to the maps directly (the HTML export renders it as tables and lists).
    push(EXPERIMENT_BLOCK, { id: 'bxsslog', metric: `<img src=x onerror=${payload(11)}>` })
    writeRun(doc, 'bxsslog', 'r-1', { name: `<script>${payload(11)}</script>`, metrics: { [`<svg onload=${payload(11)}>`]: 1 }, tags: ['"><b>'] }, 'create')
    push(CHECKLIST_BLOCK, { id: 'bxsscheck' })
    putItem(doc, 'bxsscheck', 'i-1', { text: `<iframe srcdoc="<script>${payload(12)}</script>">`, required: true })
  })
  // The page in the tree under a hostile title too (file names and <title>).
  const tree = app.directory.project(projectId)!.treeDocId
  app.registry.change(tree, server.fixture.owner.id, (doc) => {
    const m = new Y.Map<unknown>()
    nodesOf(doc).set(DOC, m)
    m.set('title', `../../<script>${payload(10)}</script>`)
    m.set('parentId', null)
    m.set('order', 'a0')
    m.set('archivedAt', null)
  })
})
afterAll(() => server.close())

const get = (p: string) => fetch(`${server.url}${p}`, { headers: { cookie: server.fixture.owner.cookie } })

/** Every tag and attribute the exporter itself writes; anything else came from content. */
const TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'nav',
  'main',
  'section',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'hr',
  'table',
  'tr',
  'td',
  'th',
  'div',
  'span',
  'input',
  'a',
  'strong',
  'em',
  's',
  'u',
  'br',
  'img',
])
const ATTRS = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'href',
  'rel',
  'class',
  'data-status',
  'type',
  'disabled',
  'checked',
  'start',
  'src',
  'alt',
  'html',
])

function checkHtml(html: string, where: string): void {
  expect(html, where).not.toMatch(/<script/i)
  expect(html, where).not.toMatch(/<iframe|<svg|<object/i)
  // Outside the one stylesheet, every tag and attribute is ours, and every link safe.
  const body = html.replace(/<style>[^<]*<\/style>/, '')
  for (const [, tag, attrs] of body.matchAll(/<([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    expect(TAGS, `${where}: tag <${tag}>`).toContain(tag!.toLowerCase())
    for (const [, name, value] of attrs!.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g)) {
      expect(ATTRS, `${where}: attribute ${name} on <${tag}>`).toContain(name!)
      if (name === 'href' || name === 'src') expect(value, `${where}: ${name}`).toMatch(/^(https?:\/\/|mailto:|\/d\/[\w-]+$|[^:]*$)/)
    }
  }
}

describe('export of hostile content', () => {
  it('HTML of the page and of the project: only the exporter’s own tags and attributes, no script, safe links', async () => {
    const page = await get(`/api/docs/${DOC}/export?format=html`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    checkHtml(html, 'page')
    // The text is there, escaped.
    expect(html).toContain('&lt;img src=x onerror=&quot;__xss.push(0)&quot;&gt;')
    expect(html).toContain('<title>../../&lt;script&gt;__xss.push(10)&lt;/script&gt;</title>')
    expect(html).toContain('<td>&lt;script&gt;__xss.push(11)&lt;/script&gt;</td>')
    expect(html).toContain('&lt;iframe srcdoc=&quot;&lt;script&gt;__xss.push(12)&lt;/script&gt;&quot;&gt;')

    const zip = unzipSync(new Uint8Array(await (await get(`/api/projects/${projectId}/export?format=html`)).arrayBuffer()))
    const names = Object.keys(zip)
    expect(names.length).toBeGreaterThanOrEqual(2)
    for (const name of names) {
      expect(name).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|[<>:"\\|?*]/)
      checkHtml(strFromU8(zip[name]!), name)
    }
  })

  it('Markdown: no raw HTML and no dangerous link targets', async () => {
    const md = await (await get(`/api/docs/${DOC}/export?format=md`)).text()
    // A code block's text is literal in Markdown (a fence no line inside can close): shown, never run.
    expect(md).toContain('```imgsrcxonerror__xss.push5\n</code></pre><script>alert(1)</script>\n```')
    const prose = md.replace(/^```[^\n]*\n[\s\S]*?\n```$/gm, '')
    expect(prose).not.toMatch(/(?<!\\)<(script|img|svg|iframe)/i)
    for (const [, target] of prose.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(target).toMatch(/^(<>|https?:\/\/|mailto:|\/d\/|[^:]*$)/)
    const filename = (await get(`/api/docs/${DOC}/export?format=md`)).headers.get('content-disposition')!
    expect(filename).toMatch(/^attachment; filename="[^"/\\]*"; filename\*=UTF-8''[^/\\]*$/)
    expect(filename).not.toContain('../')
  })
})

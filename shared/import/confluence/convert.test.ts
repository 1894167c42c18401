import { describe, expect, it } from 'vitest'
import type { AttachmentMeta } from '../../attachments/attachment.ts'
import { fileNode, imageNode, mentionNode } from '../../doc/rich-nodes.ts'
import { convertBody } from './convert.ts'
import { parseHtml } from './html.ts'
import { codeLanguage } from './macros.ts'
import { confluenceDate, readMeta } from './meta.ts'

const convert = (html: string, resolveLink?: Parameters<typeof convertBody>[1] extends infer O ? (O extends { resolveLink?: infer R } ? R : never) : never) =>
  convertBody(parseHtml(html), { resolveLink, taskId: (n) => `t${n}` })
const text = (t: string, marks?: object[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t })
const p = (...content: object[]) => ({ type: 'paragraph', content })

describe('Confluence page bodies', () => {
  it('headings, paragraphs and marks, with whitespace collapsed as a browser would', () => {
    const { content } = convert('<h2>Goal</h2>\n<p>  We <strong>ship</strong> <em>weekly</em>, see <code>retrain.py</code><br/>then <s>old</s> </p>')
    expect(content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [text('Goal')] },
      p(
        text('We '),
        text('ship', [{ type: 'bold' }]),
        text(' '),
        text('weekly', [{ type: 'italic' }]),
        text(', see '),
        text('retrain.py', [{ type: 'code' }]),
        { type: 'hardBreak' },
        text('then '),
        text('old', [{ type: 'strike' }]),
      ),
    ])
  })

  it('links: exported pages become Keel page links, http(s) and mailto stay, javascript: is dropped with its text kept', () => {
    const resolve = (href: string) =>
      href === 'Rollback_42.html' ? { href: '/d/page42' } : href.startsWith('attachments/') ? { text: 'attachment kept as text' } : { href }
    const { content, dropped, warnings } = convert(
      '<p><a href="Rollback_42.html">rollback</a> <a href="https://mlflow.example.com/x">runs</a> <a href="mailto:oncall@example.com">mail</a> <a href="javascript:alert(1)">evil</a> <a href="attachments/1/a.csv">csv</a></p>',
      resolve,
    )
    expect(content[0]!.content).toEqual([
      text('rollback', [{ type: 'link', attrs: { href: '/d/page42' } }]),
      text(' '),
      text('runs', [{ type: 'link', attrs: { href: 'https://mlflow.example.com/x' } }]),
      text(' '),
      text('mail', [{ type: 'link', attrs: { href: 'mailto:oncall@example.com' } }]),
      text(' evil csv'),
    ])
    expect(dropped).toContainEqual({ item: 'link to "javascript:alert(1)"', reason: expect.stringMatching(/not a safe URL/) })
    expect(warnings).toContain('attachment kept as text')
  })

  it('nested lists, ordered lists with their start', () => {
    const { content } = convert('<ul><li>data<ul><li>events</li></ul></li><li><p>labels</p></li></ul><ol start="3"><li>train</li></ol>')
    expect(content).toEqual([
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(text('data')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('events'))] }] }] },
          { type: 'listItem', content: [p(text('labels'))] },
        ],
      },
      { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p(text('train'))] }] },
    ])
  })

  it('a table: th cells of the first row are the header, cells keep their inline marks and blocks, a nested table is flattened', () => {
    const { content, warnings } = convert(
      '<div class="table-wrap"><table class="confluenceTable"><thead><tr><th>Model</th><th>F1</th></tr></thead><tbody><tr><td>GBM <strong>v2</strong></td><td><p>0.91</p><ul><li>val</li></ul></td></tr><tr><td colspan="2"><table><tr><td>a</td><td>b</td></tr></table></td></tr></tbody></table></div>',
    )
    const cell = (type: string, ...c: object[]) => ({
      type,
      attrs: { colspan: 1, rowspan: 1, colwidth: null },
      content: c.length ? c : [{ type: 'paragraph' }],
    })
    expect(content).toEqual([
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', p(text('Model'))), cell('tableHeader', p(text('F1')))] },
          {
            type: 'tableRow',
            content: [
              cell('tableCell', p(text('GBM '), text('v2', [{ type: 'bold' }]))),
              cell('tableCell', p(text('0.91')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('val'))] }] }),
            ],
          },
          { type: 'tableRow', content: [cell('tableCell', p(text('a · b'))), cell('tableCell')] },
        ],
      },
    ])
    expect(warnings).toEqual([
      'merged table cells are split: the content stays in the first cell',
      'a table inside a table cell is flattened to one line of text per row',
    ])
    // Without a header row of th, no header cells.
    expect(JSON.stringify(convert('<table><tr><td>x</td></tr></table>').content)).not.toContain('tableHeader')
  })

  it('a code macro becomes a code block with its brush as the language, its text exact', () => {
    const html = `<div class="code panel pdl" style="border-width: 1px;" data-macro-name="code"><div class="codeContent panelContent pdl">
<pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: py; gutter: false; theme: Confluence" data-theme="Confluence">def f(x):
    return x &lt; 2
</pre></div></div>`
    expect(convert(html).content).toEqual([{ type: 'codeBlock', attrs: { language: 'python' }, content: [text('def f(x):\n    return x < 2')] }])
    expect(codeLanguage('brush: sql; gutter: true')).toBe('sql')
    expect(codeLanguage('brush: bash')).toBe('bash')
    expect(codeLanguage('brush: "><img src=x onerror=1>')).toBeNull()
    expect(codeLanguage('')).toBeNull()
  })

  it.each([
    ['information', 'Info'],
    ['note', 'Note'],
    ['warning', 'Warning'],
    ['tip', 'Tip'],
  ])('a %s panel is a blockquote whose first line names it', (cls, label) => {
    const html = `<div class="confluence-information-macro confluence-information-macro-${cls} conf-macro output-block" data-macro-name="x-${cls}"><p class="title">Before you start</p><span class="aui-icon confluence-information-macro-icon"> </span><div class="confluence-information-macro-body"><p>Page the on-call first.</p></div></div>`
    expect(convert(html).content).toEqual([
      { type: 'blockquote', content: [p(text(`${label}:`, [{ type: 'bold' }]), text(' Before you start')), p(text('Page the on-call first.'))] },
    ])
  })

  it('task lists become task blocks, done when checked, numbered for their ids; nested items follow', () => {
    const html =
      '<ul class="inline-task-list" data-inline-tasks-content-id="9"><li class="checked" data-inline-task-id="1"><span>Backfill <strong>events</strong></span></li><li data-inline-task-id="2"><span>Audit labels</span><ul class="inline-task-list"><li>Sub-task</li></ul></li></ul>'
    const { content, tasks } = convert(html)
    expect(tasks).toBe(3)
    expect(content).toEqual([
      { type: 'task', attrs: { id: 't0', status: 'done' }, content: [text('Backfill '), text('events', [{ type: 'bold' }])] },
      { type: 'task', attrs: { id: 't1', status: 'todo' }, content: [text('Audit labels')] },
      { type: 'task', attrs: { id: 't2', status: 'todo' }, content: [text('Sub-task')] },
    ])
  })

  it('a user mention is a mention of the member whose email or (unambiguous) email local part it names, else the plain name', () => {
    const members = [
      { id: 'u-ada', email: 'ada@lab.example', name: 'Ada L.' },
      { id: 'u-g1', email: 'grace@lab.example', name: 'Grace' },
      { id: 'u-g2', email: 'grace@navy.example', name: 'Grace H' },
      { id: 'u-li', email: 'li.wei@lab.example', name: 'Li Wei' },
    ]
    const { content, warnings } = convertBody(
      parseHtml(
        '<p>Ask <a class="confluence-userlink user-mention" data-username="ada" href="/display/~ada" data-linked-resource-id="1">Ada Lovelace</a>, <a class="confluence-userlink" data-username="grace" href="x">Grace Hopper</a>, <a class="confluence-userlink" data-username="li.wei@lab.example">Li</a>, <a class="confluence-userlink" href="https://wiki.example.com/display/~nobody">Nobody</a>.</p>',
      ),
      { members },
    )
    expect(content).toEqual([
      p(text('Ask '), mentionNode({ id: 'u-ada', name: 'Ada L.' }), text(', Grace Hopper, '), mentionNode({ id: 'u-li', name: 'Li Wei' }), text(', Nobody.')),
    ])
    expect(warnings).toEqual([
      'mention of "Grace Hopper" matches no member of the project by email or username: kept as the name',
      'mention of "Nobody" matches no member of the project by email or username: kept as the name',
    ])
    // No members (a pure preview): names.
    expect(convert('<p><a class="confluence-userlink" data-username="ada">Ada</a></p>').content).toEqual([p(text('Ada'))])
  })

  it('images of attachments become image blocks after their paragraph, attachment links file blocks; icons are dropped, remote images links', () => {
    const meta = (path: string, image: boolean): AttachmentMeta => ({
      id: `att_${path.replace(/\W/g, '_').padEnd(16, '_')}`,
      projectId: 'p',
      name: path.split('/').pop()!,
      contentType: image ? 'image/png' : 'text/csv',
      size: 3,
      sha256: 'a'.repeat(64),
      image,
      createdAt: 0,
      createdBy: null,
    })
    const png = meta('attachments/7/9.png', true)
    const csv = meta('attachments/7/10.csv', false)
    const { content, dropped, warnings } = convertBody(
      parseHtml(
        '<p>Plot: <span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/7/9.png" data-linked-resource-default-alias="loss-curve.png"></span> <img class="emoticon" src="images/icons/emoticons/smile.svg" alt="(smile)"> data in <a href="attachments/7/10.csv">results.csv</a> <img src="https://cdn.example.com/x.png" alt="remote"></p><p><img src="attachments/7/11.png" data-linked-resource-default-alias="gone.png"></p>',
      ),
      {
        resolveImage: (src) =>
          src.startsWith('https:')
            ? { remote: src }
            : src.startsWith('attachments/')
              ? { file: src, attachment: src === png.name || src.endsWith('9.png') ? png : null }
              : { text: 'an icon' },
        resolveLink: (href) => (href.endsWith('.csv') ? { file: href, attachment: csv } : { href }),
      },
    )
    expect(content).toEqual([
      p(text('Plot: data in results.csv '), text('remote', [{ type: 'link', attrs: { href: 'https://cdn.example.com/x.png' } }])),
      imageNode(png, 'loss-curve.png'),
      fileNode(csv),
      p(text('[image: gone.png]')),
    ])
    expect(dropped).toEqual([{ item: 'image images/icons/emoticons/smile.svg', reason: 'an icon' }])
    expect(warnings).toEqual(['remote images are kept as links (an import never fetches from the web)'])
  })

  it('scripts, styles, frames and unknown macros are dropped with notes; handlers never pass', () => {
    const { content, dropped } = convert(
      '<script>alert(1)</script><style>p{}</style><p onclick="alert(2)">kept <iframe src="javascript:alert(3)"></iframe>text</p><div class="toc-macro" data-macro-name="toc"><ul><li><a href="#x">x</a></li></ul></div><div class="jira-issue-macro" data-macro-name="jira">ML-1</div>',
    )
    expect(content).toEqual([p(text('kept text'))])
    expect(dropped).toEqual([
      { item: 'macro "toc"', reason: 'a Confluence macro Keel does not read: not imported' },
      { item: 'macro "jira"', reason: 'a Confluence macro Keel does not read: not imported' },
      { item: '1 <script> element(s)', reason: 'scripts, styles, frames, forms and embedded content are never imported' },
      { item: '1 <style> element(s)', reason: 'scripts, styles, frames, forms and embedded content are never imported' },
      { item: '1 <iframe> element(s)', reason: 'scripts, styles, frames, forms and embedded content are never imported' },
    ])
  })

  it('layout sections are read through; a noformat panel is a plain code block', () => {
    const { content } = convert(
      '<div class="contentLayout2"><div class="columnLayout two-equal"><div class="cell normal"><div class="innerCell"><p>left</p></div></div></div></div><div class="preformatted panel"><div class="preformattedContent panelContent"><pre>raw\ntext</pre></div></div>',
    )
    expect(content).toEqual([p(text('left')), { type: 'codeBlock', attrs: { language: null }, content: [text('raw\ntext')] }])
  })
})

describe('Confluence page metadata', () => {
  it('reads title, breadcrumbs, author and date', () => {
    const meta = readMeta(
      parseHtml(`<html><head><title>ML Team : Rollback</title></head><body>
<div id="breadcrumb-section"><ol id="breadcrumbs"><li class="first"><span><a href="index.html">ML Team</a></span></li><li><span><a href="Runbooks_11.html">Runbooks</a></span></li></ol></div>
<h1 id="title-heading" class="pagetitle"><span id="title-text"> ML Team : Rollback </span></h1>
<div class="page-metadata">Created by <span class='author'> Ada Lovelace</span>, last modified by <span class='editor'> Grace Hopper</span> on Mar 12, 2024</div>
<div id="main-content" class="wiki-content group"><p>body</p></div></body></html>`),
    )
    expect(meta.title).toBe('Rollback')
    expect(meta.breadcrumbs).toEqual(['index.html', 'Runbooks_11.html'])
    expect(meta.properties).toEqual({ author: 'Ada Lovelace', last_modified_by: 'Grace Hopper', last_modified: '2024-03-12' })
    expect(meta.body).toHaveLength(1)
    expect(readMeta(parseHtml('<div class="page-metadata">Created by <span class="author">Ada</span> on Jan 5, 2023</div>')).properties).toEqual({
      author: 'Ada',
      created: '2023-01-05',
    })
    expect(confluenceDate('Sept 9, 2024')).toBe('2024-09-09')
    expect(confluenceDate('yesterday')).toBe('yesterday')
  })
})

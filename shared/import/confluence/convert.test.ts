import { describe, expect, it } from 'vitest'
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

  it('a table is kept as Markdown text in a code block, with a warning', () => {
    const { content, warnings } = convert(
      '<div class="table-wrap"><table class="confluenceTable"><tbody><tr><th>Model</th><th>F1</th></tr><tr><td>GBM | v2</td><td>0.91</td></tr></tbody></table></div>',
    )
    expect(content).toEqual([{ type: 'codeBlock', attrs: { language: 'markdown' }, content: [text('| Model | F1 |\n| --- | --- |\n| GBM \\| v2 | 0.91 |')] }])
    expect(warnings).toContain('tables are kept as Markdown text in a code block (the editor has no table block yet)')
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

  it('user mentions are plain display names (no mention node in the schema), said once', () => {
    const { content, warnings } = convert(
      '<p>Ask <a class="confluence-userlink user-mention" data-username="ada" href="/display/~ada" data-linked-resource-id="1">Ada Lovelace</a> or <a class="confluence-userlink" data-username="grace" href="x"></a>.</p>',
    )
    expect(content).toEqual([p(text('Ask Ada Lovelace or grace.'))])
    expect(warnings.filter((w) => /mentions/.test(w))).toEqual(['user mentions are kept as plain names (Keel has no mention node yet)'])
  })

  it('images are skipped and listed; an embedded one leaves its name', () => {
    const { content, dropped } = convert(
      '<p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/7/9.png" data-linked-resource-default-alias="loss-curve.png"></span> <img class="emoticon" src="images/icons/emoticons/smile.svg" alt="(smile)"></p>',
    )
    expect(content).toEqual([p(text('[image: loss-curve.png]'))])
    expect(dropped.map((d) => d.item)).toEqual(['image attachments/7/9.png', 'image images/icons/emoticons/smile.svg'])
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

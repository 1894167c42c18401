import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { inlineCell, mentionNode, tableNode } from '../doc/rich-nodes.ts'
import { p, text } from '../templates/nodes.ts'
import { htmlPage, toHtml } from './html.ts'

const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })

describe('toHtml: tables', () => {
  it('a <table> in a scrolling wrapper, header cells as <th>, cells’ blocks inside', () => {
    const t = tableNode(
      [
        [inlineCell([text('Model')]), inlineCell([text('F1')])],
        [inlineCell([text('gbm', 'bold')]), [p('0.91'), p('±0.01')]],
      ],
      { header: true },
    )
    expect(toHtml(doc(t))).toBe(
      '<div class="table"><table><tbody><tr><th><p>Model</p></th><th><p>F1</p></th></tr>' +
        '<tr><td><p><strong>gbm</strong></p></td><td><p>0.91</p><p>±0.01</p></td></tr></tbody></table></div>',
    )
  })

  it('escapes cell content and writes spans only as whole numbers', () => {
    const cell = (attrs: Record<string, unknown>, t: string): JsonNode => ({ type: 'tableCell', attrs, content: [p(t)] })
    const t: JsonNode = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell({ colspan: 2, rowspan: 3 }, '<img src=x onerror=alert(1)>'), cell({ colspan: '2" onclick="x' }, 'a')] },
        { type: 'tableRow', content: [cell({ colspan: 1e9, rowspan: -1 }, 'b'), { type: 'script', content: [text('alert(1)')] }] },
        { type: 'paragraph', content: [text('not a row')] },
      ],
    }
    expect(toHtml(doc(t))).toBe(
      '<div class="table"><table><tbody><tr><td colspan="2" rowspan="3"><p>&lt;img src=x onerror=alert(1)&gt;</p></td><td><p>a</p></td></tr>' +
        '<tr><td colspan="64"><p>b</p></td></tr></tbody></table></div>',
    )
  })

  it('the page’s stylesheet styles tables and mentions in both themes', () => {
    const page = htmlPage('T', '', '')
    expect(page).toContain('.table{overflow-x:auto')
    expect(page).toContain('th{background:#f4f4f5}')
    expect(page).toMatch(/prefers-color-scheme:dark\).*\.mention\{/s)
  })
})

describe('toHtml: mentions', () => {
  it('a mention is <span class="mention">@Name</span>, the name escaped', () => {
    expect(toHtml(doc(p('Ask ', mentionNode({ id: 'u1', name: 'Ada' }), '.')))).toBe('<p>Ask <span class="mention">@Ada</span>.</p>')
    expect(toHtml(doc(p(mentionNode({ id: 'u1', name: '<script>x</script>' }))))).toBe('<p><span class="mention">@&lt;script&gt;x&lt;/script&gt;</span></p>')
  })

  it('a removed member’s mention keeps its label; one with no label shows its id, never markup', () => {
    expect(toHtml(doc(p({ type: 'mention', attrs: { id: 'gone-user', label: 'Grace' } })))).toBe('<p><span class="mention">@Grace</span></p>')
    expect(toHtml(doc(p({ type: 'mention', attrs: { id: '"><b>' } })))).toBe('<p><span class="mention">@&quot;&gt;&lt;b&gt;</span></p>')
  })

  it('an unknown block holding mentions keeps them', () => {
    expect(toHtml(doc({ type: 'callout', content: [text('cc '), mentionNode({ id: 'u1', name: 'Ada' })] }))).toBe('<p>cc <span class="mention">@Ada</span></p>')
  })
})

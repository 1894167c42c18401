import { describe, expect, it } from 'vitest'
import type { AttachmentMeta } from '../../attachments/attachment.ts'
import { fileNode, imageNode, mentionNode } from '../../doc/rich-nodes.ts'
import type { ImportSource } from '../adapter.ts'
import { confluenceAdapter } from './adapter.ts'

const utf8 = (s: string) => {
  const out: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return new Uint8Array(out)
}
const page = (title: string, crumbs: string[], body: string) =>
  `<html><head><title>S : ${title}</title></head><body><ol id="breadcrumbs">${crumbs.map((c) => `<li><a href="${c}">x</a></li>`).join('')}</ol><div id="main-content" class="wiki-content">${body}</div></body></html>`
const source = (files: Record<string, string>): ImportSource => ({
  name: 'space',
  files: Object.entries(files).map(([path, text]) => ({ path, bytes: utf8(text) })),
})
const ctx = { pageIdOf: (id: string) => `d${id}`, taskId: (n: number) => `t${n}` }

describe('the Confluence adapter', () => {
  it('without an index.html, places pages by their breadcrumbs, parents first', () => {
    const src = source({
      'Child_3.html': page('Child', ['index.html', 'Home_1.html', 'Mid_2.html'], '<p>c</p>'),
      'Home_1.html': page('Home', ['index.html'], '<p>h</p>'),
      'Mid_2.html': page('Mid', ['index.html', 'Home_1.html'], '<p>m</p>'),
    })
    const { entries } = confluenceAdapter.enumerate(src)
    expect(entries.map((e) => [e.sourceId, e.parentSourceId, e.title])).toEqual([
      ['1', null, 'Home'],
      ['2', '1', 'Mid'],
      ['3', '2', 'Child'],
    ])
  })

  it('breadcrumbs that loop put the page at the top with a warning; a second file with the same id is known by its path', () => {
    const src = source({
      'A_1.html': page('A', ['B_2.html'], ''),
      'B_2.html': page('B', ['A_1.html'], ''),
      'Copy_1.html': page('Copy', [], ''),
    })
    const { entries } = confluenceAdapter.enumerate(src)
    expect(entries.map((e) => e.sourceId).sort()).toEqual(['1', '2', 'Copy_1.html'])
    expect(entries.some((e) => e.parentSourceId === null && e.warnings.some((w) => /cycle/.test(w)))).toBe(true)
  })

  it('rewrites links by file name and by viewpage.action?pageId=, anchors and unknown pages stay text', () => {
    const src = source({
      'index.html': '<ul><li><a href="Home_1.html">Home</a><ul><li><a href="Other_2.html">Other</a></li></ul></li></ul>',
      'Home_1.html': page(
        'Home',
        [],
        '<p><a href="Other_2.html#Other-Setup">o</a> <a href="https://wiki.example.com/pages/viewpage.action?pageId=2">by id</a> <a href="#top">top</a> <a href="Gone_9.html">gone</a> <a href="https://example.com/x">ext</a></p>',
      ),
      'Other_2.html': page('Other', [], ''),
    })
    const { entries } = confluenceAdapter.enumerate(src)
    expect(entries.map((e) => [e.sourceId, e.parentSourceId])).toEqual([
      ['1', null],
      ['2', '1'],
    ])
    expect(entries[0]).toMatchObject({ links: 2 })
    const { content } = confluenceAdapter.render(src, entries[0]!, ctx)
    const links = content[0]!.content!.filter((n) => n.marks).map((n) => [n.text, n.marks![0]!.attrs!.href])
    expect(links).toEqual([
      ['o', '/d/d2'],
      ['by id', '/d/d2'],
      ['ext', 'https://example.com/x'],
    ])
    expect(entries[0]!.warnings).toEqual(['in-page anchor links (#…) are kept as text', 'link to "Gone_9.html": not a page of this export, kept as text'])
  })

  it('stores the pages’ attachments: images and links in the body become blocks, the rest are listed at the end; mentions match members', () => {
    const src = source({
      'S/index.html': '<ul><li><a href="Spec_7.html">Spec</a></li></ul>',
      'S/Spec_7.html': page(
        'Spec',
        [],
        '<p>By <a class="confluence-userlink" data-username="ada" href="/display/~ada">Ada Lovelace</a>: <img class="confluence-embedded-image" src="attachments/7/1.png" data-linked-resource-default-alias="arch.png"> see <a href="attachments/7/2.csv">segments.csv</a> and <a href="attachments/7/9.zip">gone</a>.</p>',
      ),
      'S/attachments/7/1.png': 'png',
      'S/attachments/7/2.csv': 'a,b',
      'S/attachments/7/3.pdf': 'pdf',
      'S/attachments/99/4.png': 'orphan',
    })
    const members = [{ id: 'u-ada', email: 'ada@lab.example', name: 'Ada' }]
    const found = confluenceAdapter.enumerate(src, { members, settings: { groupBy: 'epic', statusMap: {} }, scope: 'p' })
    expect(found.attachments).toEqual(['S/attachments/7/1.png', 'S/attachments/7/2.csv', 'S/attachments/7/3.pdf'])
    expect(found.skipped).toEqual([{ path: 'S/attachments/99/4.png', reason: 'an attachment of a page that is not in the export' }])
    expect(found.entries[0]!.warnings).toEqual(['attachment "attachments/7/9.zip" is not in the export: kept as text'])
    const meta = (path: string): AttachmentMeta => ({
      id: `att_${path.replace(/\W/g, '_')}`,
      projectId: 'p',
      name: path.split('/').pop()!,
      contentType: path.endsWith('.png') ? 'image/png' : 'application/octet-stream',
      size: 3,
      sha256: 'b'.repeat(64),
      image: path.endsWith('.png'),
      createdAt: 0,
      createdBy: null,
    })
    const { content } = confluenceAdapter.render(src, found.entries[0]!, { ...ctx, members, attachmentOf: meta })
    expect(content).toEqual([
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'By ' }, mentionNode({ id: 'u-ada', name: 'Ada' }), { type: 'text', text: ': see segments.csv and gone.' }],
      },
      imageNode(meta('S/attachments/7/1.png'), 'arch.png'),
      fileNode(meta('S/attachments/7/2.csv')),
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Attachments' }] },
      fileNode(meta('S/attachments/7/3.pdf')),
    ])
    // Without a server (no attachmentOf) and no members: the names, and no blocks of files.
    const bare = confluenceAdapter.render(src, found.entries[0]!, ctx).content
    expect(bare).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'By Ada Lovelace: [image: arch.png] see segments.csv and gone.' }] }])
  })
})

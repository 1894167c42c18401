import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../../api/docs.ts'
import type { AttachmentMeta } from '../../attachments/attachment.ts'
import { fileNode, imageNode } from '../../doc/rich-nodes.ts'
import type { ImportSource } from '../adapter.ts'
import { markdownAdapter } from './adapter.ts'

const enc = (s: string) => new TextEncoder().encode(s)
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const source = (files: Record<string, string | Uint8Array>): ImportSource => ({
  name: 'docs',
  files: Object.entries(files).map(([path, v]) => ({ path, bytes: typeof v === 'string' ? enc(v) : v })),
})
/** What the server hands the adapter for a stored file: an AttachmentMeta, its id derived from the path. */
const meta = (path: string): AttachmentMeta => {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const image = /\.(png|jpe?g|gif|webp)$/.test(name)
  return {
    id: `att_${path.replace(/[^A-Za-z0-9]/g, '_').padEnd(16, '_')}`,
    projectId: 'p1',
    name,
    contentType: image ? 'image/png' : 'application/octet-stream',
    size: 8,
    sha256: '0'.repeat(64),
    image,
    createdAt: 1,
    createdBy: null,
  }
}
const stored = (paths: string[]) => (path: string) => (paths.includes(path) ? meta(path) : null)
const ctx = (attachmentOf?: (path: string) => AttachmentMeta | null) => ({ pageIdOf: (id: string) => `d-${id}`, taskId: (n: number) => `t${n}`, attachmentOf })
const t = (text: string): JsonNode => ({ type: 'text', text })
const p = (...c: JsonNode[]): JsonNode => ({ type: 'paragraph', content: c })

describe('the Markdown adapter: attachments', () => {
  const src = source({
    'docs/spec.md': [
      '# Spec',
      '',
      'Before ![loss](img/loss.png) middle ![arch](../docs/img/arch.png) after, config in [train.yaml](train.yaml) and [again](./train.yaml).',
      '',
      '![gone](img/missing.png) ![remote](https://cdn.example.com/x.png) [other](other.md)',
      '',
      '| plot | note |',
      '|---|---|',
      '| ![in a cell](img/loss.png) | *ok* |',
    ].join('\n'),
    'docs/other.md': 'other',
    'docs/img/loss.png': PNG,
    'docs/img/arch.png': PNG,
    'docs/img/unused.png': PNG,
    'docs/train.yaml': 'lr: 0.05\n',
  })

  it('lists the files the pages refer to as attachments; unreferenced files are skipped', () => {
    const found = markdownAdapter.enumerate(src)
    expect(found.attachments).toEqual(['docs/img/arch.png', 'docs/img/loss.png', 'docs/train.yaml'])
    expect(found.skipped).toEqual([{ path: 'docs/img/unused.png', reason: 'not a Markdown file, and no page refers to it' }])
    const spec = found.entries.find((e) => e.path === 'docs/spec.md')!
    expect(spec.links).toBe(1)
    expect(spec.warnings).toEqual([
      'image "img/missing.png" is not in the archive: kept as its alt text',
      'remote images are kept as links (an import never fetches from the web)',
    ])
  })

  it('renders stored images as image blocks lifted after their paragraph in order, file links as one file block, the text kept', () => {
    const found = markdownAdapter.enumerate(src)
    const spec = found.entries.find((e) => e.path === 'docs/spec.md')!
    const { content } = markdownAdapter.render(src, spec, ctx(stored(found.attachments!)))
    const loss = meta('docs/img/loss.png')
    expect(content.slice(1, 5)).toEqual([
      p(t('Before  middle  after, config in train.yaml and again.')),
      imageNode(loss, 'loss'),
      imageNode(meta('docs/img/arch.png'), 'arch'),
      fileNode(meta('docs/train.yaml')),
    ])
    expect(content[5]).toEqual(
      p(t('[image: gone] '), { type: 'text', text: 'remote', marks: [{ type: 'link', attrs: { href: 'https://cdn.example.com/x.png' } }] }, t(' '), {
        type: 'text',
        text: 'other',
        marks: [{ type: 'link', attrs: { href: '/d/d-docs/other.md' } }],
      }),
    )
    // An image in a table cell follows the cell's paragraph inside the cell.
    const table = content[6]!
    expect(table.type).toBe('table')
    expect(table.content![1]!.content![0]!.content).toEqual([{ type: 'paragraph' }, imageNode(loss, 'in a cell')])
    // Only ever our attachment URL as an image's src.
    expect(JSON.stringify(content)).not.toContain('cdn.example.com/x.png","alt')
  })

  it('a file not stored (over the limit, or no server) leaves the text: the alt text of an image, the words of a link', () => {
    const found = markdownAdapter.enumerate(src)
    const spec = found.entries.find((e) => e.path === 'docs/spec.md')!
    const { content } = markdownAdapter.render(src, spec, ctx(stored(['docs/img/arch.png'])))
    expect(content.slice(1, 3)).toEqual([
      p(t('Before [image: loss] middle  after, config in train.yaml and again.')),
      imageNode(meta('docs/img/arch.png'), 'arch'),
    ])
    expect(content[3]!.type).toBe('paragraph')
    const bare = markdownAdapter.render(src, spec, ctx())
    expect(JSON.stringify(bare.content)).not.toMatch(/"image"|fileAttachment/)
  })

  it('a page’s hash covers the files it shows: a changed image updates the page on a re-run, an unrelated file does not', () => {
    const hashOf = (files: Record<string, string | Uint8Array>) => markdownAdapter.enumerate(source(files)).entries.find((e) => e.path === 'a/p.md')!.hash
    const base = { 'a/p.md': '![x](x.png)', 'a/x.png': PNG, 'a/q.md': 'q', 'a/y.png': PNG }
    expect(hashOf({ ...base, 'a/x.png': Uint8Array.from([...PNG, 1]) })).not.toBe(hashOf(base))
    expect(hashOf({ ...base, 'a/y.png': Uint8Array.from([...PNG, 1]) })).toBe(hashOf(base))
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { toMarkdown } from '../doc/markdown.ts'
import { BLOCK_DATA_ATTR } from './block-data.ts'
import { diffDocs } from './diff.ts'
import { DocDiffSchema } from './types.ts'

/** Arbitrary, often malformed documents: any node type, odd attrs, ML data of the wrong shape. */
const TYPES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'task',
  'experimentLog',
  'deploymentChecklist',
  'modelCard',
  'runComparison',
  'codeBlock',
  'table',
  'tableRow',
  'tableCell',
  'blockquote',
  'docLink',
  'hardBreak',
  'weird',
]
const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
)
const attrs = fc.dictionary(
  fc.constantFrom('id', 'level', 'status', 'deps', 'docId', 'language', 'start', 'metric', 'picked', 'checked', BLOCK_DATA_ATTR),
  value,
  { maxKeys: 4 },
)
const { node } = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      type: fc.constant('text'),
      text: fc.string({ maxLength: 12 }),
      marks: fc.array(
        fc.record({ type: fc.constantFrom('bold', 'italic', 'code', 'strike', 'link'), attrs: fc.record({ href: fc.string({ maxLength: 10 }) }) }),
        { maxLength: 3 },
      ),
    }),
    fc.record({ type: fc.constantFrom(...TYPES), attrs, content: fc.array(tie('node'), { maxLength: 3 }) }, { requiredKeys: ['type'] }),
  ),
}))
const doc = fc.array(node, { maxLength: 12 }).map((content): JsonNode => ({ type: 'doc', content }))

describe('robustness on malformed documents', () => {
  it('diffDocs never throws and always returns a valid DocDiff', () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const d = diffDocs(a, b)
        expect(DocDiffSchema.safeParse(d).success).toBe(true)
        expect(diffDocs(a, a).summary).toBe('No changes')
      }),
      { numRuns: 300 },
    )
  })

  it('toMarkdown never throws and is deterministic', () => {
    fc.assert(
      fc.property(doc, (a) => {
        const out = toMarkdown(a)
        expect(typeof out).toBe('string')
        expect(toMarkdown(JSON.parse(JSON.stringify(a)) as JsonNode)).toBe(out)
      }),
      { numRuns: 300 },
    )
  })
})

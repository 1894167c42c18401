import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isCardKey, MODEL_CARDS_MAP, missingSections, readCard, writeSection } from './model-card.ts'

describe('model card text in the document', () => {
  it('reads and writes sections per block, merges two replicas, and ignores junk', () => {
    const a = new Y.Doc()
    writeSection(a, 'card1', 'details', 'ResNet-50, v3')
    writeSection(a, 'card2', 'details', 'another card')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    writeSection(a, 'card1', 'intendedUse', 'Triage of support tickets')
    writeSection(b, 'card1', 'ethics', 'No personal data leaves the region')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    a.getMap(MODEL_CARDS_MAP).set('card1\u0001nonsense', 'x')
    a.getMap(MODEL_CARDS_MAP).set('card1\u0001caveats', 42)
    for (const d of [a, b]) {
      expect(readCard(d, 'card1')).toMatchObject({
        details: 'ResNet-50, v3',
        intendedUse: 'Triage of support tickets',
        ethics: 'No personal data leaves the region',
      })
    }
    expect(readCard(a, 'card1')).not.toHaveProperty('nonsense')
    expect(readCard(a, 'card1')).not.toHaveProperty('caveats')
    expect(readCard(a, 'card2')).toEqual({ details: 'another card' })
    expect(readCard(a, 'card')).toEqual({})
    expect(isCardKey('card1', 'card1\u0001details')).toBe(true)
    expect(isCardKey('card1', 'card10\u0001details')).toBe(false)
  })

  it('writing the same text again is not a change', () => {
    const doc = new Y.Doc()
    writeSection(doc, 'c', 'metrics', 'F1')
    let updates = 0
    doc.on('update', () => updates++)
    writeSection(doc, 'c', 'metrics', 'F1')
    expect(updates).toBe(0)
    writeSection(doc, 'c', 'metrics', '')
    expect(updates).toBe(1)
    expect(missingSections(readCard(doc, 'c'), {})).toContain('metrics')
  })
})

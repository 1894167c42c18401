import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isCardKey, linkedRuns, linkRun, MODEL_CARDS_MAP, missingSections, prefill, readCard, readRunLinks, unlinkRun, writeSection } from './model-card.ts'

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

describe('runs linked to a model card', () => {
  const run = (blockId: string, runId: string, f1: number) => ({
    blockId,
    runId,
    name: runId,
    start: null,
    end: null,
    commit: null,
    archivedAt: null,
    dataset: { name: 'churn', version: 'v3' },
    params: {},
    series: {},
    metrics: { val_f1: f1 },
    status: 'finished' as const,
    tags: [],
    notes: '',
    trackerUrl: null,
  })

  it('links runs of any log by (block, run); two offline replicas keep both links; unlinking removes one', () => {
    const a = new Y.Doc()
    writeSection(a, 'card', 'details', 'GBM')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    linkRun(a, 'card', { blockId: 'logOnOtherPage', runId: 'gbm-800' })
    linkRun(b, 'card', { blockId: 'logHere', runId: 'baseline' })
    linkRun(b, 'card2', { blockId: 'logHere', runId: 'other-card' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const d of [a, b])
      expect(readRunLinks(d, 'card')).toEqual([
        { blockId: 'logHere', runId: 'baseline' },
        { blockId: 'logOnOtherPage', runId: 'gbm-800' },
      ])
    // Links are not sections: the card's text is unchanged.
    expect(readCard(a, 'card')).toEqual({ details: 'GBM' })
    let updates = 0
    a.on('update', () => updates++)
    linkRun(a, 'card', { blockId: 'logHere', runId: 'baseline' })
    expect(updates).toBe(0)
    unlinkRun(a, 'card', { blockId: 'logHere', runId: 'baseline' })
    expect(readRunLinks(a, 'card')).toEqual([{ blockId: 'logOnOtherPage', runId: 'gbm-800' }])
  })

  it('an archived run is never linked into a card', () => {
    const archived = { ...run('logA', 'old', 0.99), archivedAt: '2026-01-01T00:00:00.000Z' }
    expect(linkedRuns([archived, run('logA', 'new', 0.9)], 'logA', [{ blockId: 'logA', runId: 'old' }]).map((r) => r.runId)).toEqual(['new'])
  })

  it('a card prefills from the runs it links, in any log of the project, and flags fewer sections', () => {
    const projectRuns = [run('logA', 'baseline', 0.84), run('logA', 'gbm-800', 0.913), run('logB', 'baseline', 0.5), run('logB', 'sweep-1', 0.88)]
    // The same run id in two logs is two runs: the link names the log.
    const links = [
      { blockId: 'logA', runId: 'gbm-800' },
      { blockId: 'logB', runId: 'sweep-1' },
      { blockId: 'gone', runId: 'x' },
    ]
    const runs = linkedRuns(projectRuns, null, links)
    expect(runs.map((r) => `${r.blockId}/${r.runId}`)).toEqual(['logA/gbm-800', 'logB/sweep-1'])
    // A whole log and single runs of another, each counted once.
    expect(linkedRuns(projectRuns, 'logA', [{ blockId: 'logA', runId: 'gbm-800' }, links[1]!]).map((r) => `${r.blockId}/${r.runId}`)).toEqual([
      'logA/baseline',
      'logA/gbm-800',
      'logB/sweep-1',
    ])
    const live = prefill(runs, 'val_f1')
    expect(live.metrics).toContain('Best run "gbm-800" by val_f1')
    expect(live.evaluationData).toBe('Evaluated on churn v3.')
    expect(missingSections({}, live)).toEqual(['details', 'intendedUse', 'ethics'])
    expect(missingSections({}, prefill(linkedRuns(projectRuns, null, []), 'val_f1'))).toHaveLength(6)
  })
})

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildDocUpdate } from '../doc/build.ts'
import { EDITOR_FRAGMENT, fragmentToJson } from '../doc/fragment.ts'
import { toMarkdown } from '../doc/markdown.ts'
import { putItem, recordDecision } from '../ml/checklist.ts'
import { linkRun, writeSection } from '../ml/model-card.ts'
import { writeRun } from '../ml/runs.ts'
import { deploymentChecklist, modelCard } from '../templates/ml.ts'
import { attachBlockData, BLOCK_DATA_ATTR, runsOf, stripBlockData } from './block-data.ts'
import { diffDocs } from './diff.ts'

/** A Y.Doc made from a template, as the server holds it. */
function docFrom(content: Parameters<typeof buildDocUpdate>[0]): Y.Doc {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, buildDocUpdate(content))
  return ydoc
}

describe('ML data snapshots in version JSON', () => {
  it('attaches runs (final values, no series), and diffing two states shows the run changes', () => {
    const ydoc = docFrom(modelCard.content)
    writeRun(
      ydoc,
      'runs',
      'r1',
      {
        name: 'baseline',
        params: { lr: 3e-4 },
        metrics: {
          val_f1: [
            { step: 1, value: 0.5 },
            { step: 2, value: 0.8 },
          ],
        },
      },
      'create',
    )
    const v1 = attachBlockData(fragmentToJson(ydoc.getXmlFragment(EDITOR_FRAGMENT)), ydoc)
    writeRun(ydoc, 'runs', 'r1', { metrics: { val_f1: [{ step: 3, value: 0.9 }] } }, 'patch')
    writeRun(ydoc, 'runs', 'r2', { metrics: { val_f1: 0.7 } }, 'create')
    writeSection(ydoc, 'card', 'details', 'BERT-base')
    linkRun(ydoc, 'card', { blockId: 'runs', runId: 'r2' })
    const v2 = attachBlockData(fragmentToJson(ydoc.getXmlFragment(EDITOR_FRAGMENT)), ydoc)

    const logBlock = v1.content!.find((b) => b.type === 'experimentLog')!
    expect(runsOf(logBlock)).toMatchObject([{ runId: 'r1', name: 'baseline', metrics: { val_f1: 0.8 }, params: { lr: 3e-4 } }])
    expect(JSON.stringify(logBlock)).not.toContain('series')

    const d = diffDocs(v1, v2)
    const runs = d.entries.flatMap((e) => (e.kind === 'changed' ? e.runs : []))
    expect(runs).toEqual([
      { runId: 'r2', name: 'r2', change: 'added', keys: [] },
      { runId: 'r1', name: 'baseline', change: 'changed', keys: ['val_f1'] },
    ])
    const fields = d.entries.flatMap((e) => (e.kind === 'changed' ? e.fields.map((f) => f.field) : []))
    expect(fields).toEqual(['sections.details', 'runs'])
    expect(d.summary).toBe('1 run added, 1 metric changed, model card: 1 section edited')
  })

  it('attaches checklist items and the decision; Markdown shows them', () => {
    const ydoc = docFrom(deploymentChecklist.content)
    putItem(ydoc, 'checklist', 'i1', { text: 'Rollback tested', signedBy: 'priya', order: 1 })
    recordDecision(ydoc, 'checklist', { by: 'u1', byName: 'Priya', at: '2026-12-03T10:00:00Z', gates: [], items: [] })
    const json = attachBlockData(fragmentToJson(ydoc.getXmlFragment(EDITOR_FRAGMENT)), ydoc)
    const out = toMarkdown(json)
    expect(out).toContain('- [x] Rollback tested — signed by priya')
    expect(out).toContain('Decision: ready to ship — recorded by Priya on 2026-12-03')
  })

  it('strips back to exactly what the fragment holds (what restore must write)', () => {
    const ydoc = docFrom(modelCard.content)
    const plain = fragmentToJson(ydoc.getXmlFragment(EDITOR_FRAGMENT))
    const withData = attachBlockData(plain, ydoc)
    expect(withData.content!.filter((b) => b.attrs?.[BLOCK_DATA_ATTR] !== undefined)).toHaveLength(2)
    expect(stripBlockData(withData)).toEqual(plain)
    // The input is not mutated.
    expect(JSON.stringify(plain)).not.toContain(BLOCK_DATA_ATTR)
  })

  it('reads malformed snapshots without throwing', () => {
    const block = {
      type: 'experimentLog',
      attrs: { id: 'x', [BLOCK_DATA_ATTR]: { runs: [null, 3, { runId: 7 }, { runId: 'ok', metrics: { a: 'NaN', b: 1 } }] } },
    }
    expect(runsOf(block)).toMatchObject([{ runId: 'ok', metrics: { b: 1 } }])
    expect(runsOf({ type: 'experimentLog', attrs: { [BLOCK_DATA_ATTR]: 'garbage' } })).toEqual([])
  })
})

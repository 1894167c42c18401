import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { readChecklist } from '../ml/checklist.ts'
import { linkRun, readCard, readRunLinks, writeSection } from '../ml/model-card.ts'
import { EXPERIMENTS_MAP } from '../ml/runs.ts'
import { reconcileBlockData } from './reconcile-data.ts'

const SEP = '\u0001'
const mapJson = (doc: Y.Doc, name: string): Record<string, unknown> => doc.getMap(name).toJSON()

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

describe('restoring ML block data', () => {
  it('brings back runs, card text and links as they were, and removes what came after', () => {
    const doc = new Y.Doc()
    const runs = doc.getMap(EXPERIMENTS_MAP)
    runs.set(['exp1', 'r1', 'm', 'val_f1', '0'].join(SEP), 0.71)
    writeSection(doc, 'card1', 'intendedUse', 'Triage of support tickets')
    const version = fork(doc)

    runs.set(['exp1', 'r1', 'm', 'val_f1', '0'].join(SEP), 0.93)
    runs.set(['exp1', 'r2', 'f', 'name'].join(SEP), 'later run')
    writeSection(doc, 'card1', 'intendedUse', 'Everything')
    linkRun(doc, 'card1', { blockId: 'exp1', runId: 'r2' })

    expect(doc.transact(() => reconcileBlockData(doc, version))).toBe(true)
    expect(mapJson(doc, EXPERIMENTS_MAP)).toEqual(mapJson(version, EXPERIMENTS_MAP))
    expect(readCard(doc, 'card1')).toEqual({ intendedUse: 'Triage of support tickets' })
    expect(readRunLinks(doc, 'card1')).toEqual([])
    // A second pass finds nothing to write: a restore sends only what differs.
    const before = Y.encodeStateVector(doc)
    expect(reconcileBlockData(doc, version)).toBe(false)
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })

  it('restores one block without touching the data of others', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('checklists')
    map.set(`ck1${SEP}item${SEP}a`, { text: 'Shadow traffic for a week', required: true })
    map.set(`ck2${SEP}item${SEP}b`, { text: 'Rollback plan', required: true })
    const version = fork(doc)
    map.set(`ck1${SEP}item${SEP}a`, { text: 'Shadow traffic for a day', required: false })
    map.set(`ck2${SEP}item${SEP}b`, { text: 'Rollback plan, tested', required: true })

    reconcileBlockData(doc, version, new Set(['ck1']))
    expect(readChecklist(doc, 'ck1').items.map((i) => [i.text, i.required])).toEqual([['Shadow traffic for a week', true]])
    expect(readChecklist(doc, 'ck2').items.map((i) => i.text)).toEqual(['Rollback plan, tested'])
  })

  it('merges with a concurrent edit of another key', () => {
    const a = new Y.Doc()
    a.getMap(EXPERIMENTS_MAP).set(`e${SEP}r1${SEP}f${SEP}name`, 'baseline')
    const version = fork(a)
    a.getMap(EXPERIMENTS_MAP).set(`e${SEP}r1${SEP}f${SEP}name`, 'renamed')
    const b = fork(a)
    b.getMap(EXPERIMENTS_MAP).set(`e${SEP}r3${SEP}f${SEP}name`, 'logged while the restore ran')
    reconcileBlockData(a, version)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    expect(mapJson(a, EXPERIMENTS_MAP)).toEqual(mapJson(b, EXPERIMENTS_MAP))
    expect(a.getMap(EXPERIMENTS_MAP).get(`e${SEP}r1${SEP}f${SEP}name`)).toBe('baseline')
    expect(a.getMap(EXPERIMENTS_MAP).get(`e${SEP}r3${SEP}f${SEP}name`)).toBe('logged while the restore ran')
  })
})

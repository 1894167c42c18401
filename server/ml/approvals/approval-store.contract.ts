import { afterEach, describe, expect, it } from 'vitest'
import type { ShipDecision } from '#shared/ml/checklist'
import type { ApprovalStore } from './approval-store.ts'

/** The documents a contract store must hold before the first test writes (records reference them). */
export const APPROVAL_STORE_FIXTURE = { docs: ['D1', 'D2'] } as const

const decision = (by: string): ShipDecision => ({
  by,
  byName: 'Ada',
  at: '2026-03-01T10:00:00.000Z',
  gates: [{ label: 'evaluation tasks done', holds: true, detail: '3 of 3 done' }],
  items: [{ text: 'Model card written', signedBy: by }],
})

/**
 * What every ApprovalStore must do, run against each implementation (SQLite today; PostgreSQL for
 * issue #17). `open` gives a fresh, empty store holding APPROVAL_STORE_FIXTURE, and its `close`.
 */
export function describeApprovalStore(label: string, open: () => { store: ApprovalStore; close: () => void }): void {
  describe(`ApprovalStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((fn) => fn()))
    const fresh = (): ApprovalStore => {
      const { store, close } = open()
      closers.push(close)
      return store
    }

    it('keeps sign-offs per checklist and item; a second put replaces, a removal removes only that item', () => {
      const store = fresh()
      expect(store.signOffs('D1', 'c1')).toEqual(new Map())
      store.putSignOff('D1', 'c1', 'i1', { by: 'u-ada', at: '2026-03-01T10:00:00.000Z', text: 'Data documented' })
      store.putSignOff('D1', 'c1', 'i2', { by: 'u-bob', at: '2026-03-01T11:00:00.000Z', text: 'Bias checked' })
      store.putSignOff('D1', 'c2', 'i1', { by: 'u-eve', at: '2026-03-01T12:00:00.000Z', text: 'Other checklist' })
      store.putSignOff('D2', 'c1', 'i1', { by: 'u-eve', at: '2026-03-01T12:00:00.000Z', text: 'Other document' })
      store.putSignOff('D1', 'c1', 'i1', { by: 'u-ada', at: '2026-03-02T10:00:00.000Z', text: 'Data documented, v2' })
      expect(store.signOffs('D1', 'c1')).toEqual(
        new Map([
          ['i1', { by: 'u-ada', at: '2026-03-02T10:00:00.000Z', text: 'Data documented, v2' }],
          ['i2', { by: 'u-bob', at: '2026-03-01T11:00:00.000Z', text: 'Bias checked' }],
        ]),
      )
      store.removeSignOff('D1', 'c1', 'i1')
      store.removeSignOff('D1', 'c1', 'never-signed')
      expect([...store.signOffs('D1', 'c1').keys()]).toEqual(['i2'])
      expect(store.signOffs('D1', 'c2').get('i1')!.by).toBe('u-eve')
      expect(store.signOffs('D2', 'c1').get('i1')!.text).toBe('Other document')
    })

    it('keeps one ship decision per checklist, whole, and a later one replaces it', () => {
      const store = fresh()
      expect(store.decision('D1', 'c1')).toBeNull()
      store.putDecision('D1', 'c1', decision('u-ada'))
      expect(store.decision('D1', 'c1')).toEqual(decision('u-ada'))
      store.putDecision('D1', 'c1', decision('u-bob'))
      expect(store.decision('D1', 'c1')).toEqual(decision('u-bob'))
      expect(store.decision('D1', 'c2')).toBeNull()
      expect(store.decision('D2', 'c1')).toBeNull()
    })

    it('keeps a task override per document and task; removing it leaves the others', () => {
      const store = fresh()
      const override = { by: 'u-ada', at: '2026-03-01T10:00:00.000Z', reason: 'shipped behind a flag' }
      expect(store.override('D1', 't1')).toBeNull()
      store.putOverride('D1', 't1', override)
      store.putOverride('D1', 't2', { ...override, by: 'u-bob' })
      expect(store.override('D1', 't1')).toEqual(override)
      expect(store.override('D2', 't1')).toBeNull()
      store.putOverride('D1', 't1', { ...override, reason: 'a better reason' })
      expect(store.override('D1', 't1')!.reason).toBe('a better reason')
      store.removeOverride('D1', 't1')
      expect(store.override('D1', 't1')).toBeNull()
      expect(store.override('D1', 't2')!.by).toBe('u-bob')
    })

    it('keeps the kinds apart: a sign-off, a decision and an override on the same block id', () => {
      const store = fresh()
      store.putSignOff('D1', 'b1', 'i1', { by: 'u-ada', at: '2026-03-01T10:00:00.000Z', text: 'Item' })
      store.putDecision('D1', 'b1', decision('u-ada'))
      store.putOverride('D1', 'b1', { by: 'u-bob', at: '2026-03-01T10:00:00.000Z', reason: 'because' })
      store.removeOverride('D1', 'b1')
      expect(store.signOffs('D1', 'b1').size).toBe(1)
      expect(store.decision('D1', 'b1')).toEqual(decision('u-ada'))
      expect(store.override('D1', 'b1')).toBeNull()
    })
  })
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isCalendarDate, parseTaskAttrs, TASK_DEFAULTS, TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES, type TaskAttrs } from './task.ts'

/**
 * Property tests of the task block's attribute parsing (fast-check): the index and every editor
 * read tasks through `parseTaskAttrs`, from Yjs attributes (values as written) and from HTML data
 * attributes (strings). A valid task must survive both forms unchanged; anything else must parse
 * to something valid without throwing.
 */
const ID = fc.stringMatching(/^[A-Za-z0-9_-]{4,64}$/)
const validAttrs: fc.Arbitrary<TaskAttrs> = fc.record({
  id: fc.option(ID, { nil: null }),
  status: fc.constantFrom(...TASK_STATUSES),
  assignee: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: null }),
  due: fc.option(
    fc.date({ min: new Date('1970-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    { nil: null },
  ),
  // `+ 0` turns -0 into 0: a stored estimate of -0 is not a case anyone writes.
  estimate: fc.option(
    fc.double({ min: 0, max: 10_000, noNaN: true }).map((n) => n + 0),
    { nil: null },
  ),
  priority: fc.constantFrom(...TASK_PRIORITIES),
  stage: fc.constantFrom(...TASK_STAGES),
  deps: fc.uniqueArray(ID, { maxLength: 100 }),
  // Spread: fast-check's records have no prototype, which Yjs refuses to encode (editors write plain objects).
  override: fc.option(
    fc.record({ by: fc.string(), at: fc.string(), reason: fc.string() }).map((o) => ({ ...o })),
    { nil: null },
  ),
  gate: fc.option(
    fc
      .record({
        at: fc.string(),
        blockedBy: fc.array(
          fc.record({ id: fc.string(), title: fc.string() }).map((b) => ({ ...b })),
          { maxLength: 20 },
        ),
      })
      .map((g) => ({ ...g })),
    { nil: null },
  ),
})

/** As the editor writes HTML (client/blocks/task/task-node.ts): strings as they are, other values as JSON, nulls left out. */
function asHtmlData(attrs: TaskAttrs): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(attrs)) if (v !== null) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  return out
}

/** As y-prosemirror stores node attrs: XmlElement attributes holding the values themselves. */
function throughYjs(attrs: TaskAttrs): Record<string, unknown> {
  const doc = new Y.Doc()
  const el = new Y.XmlElement('task')
  doc.getXmlFragment('default').insert(0, [el])
  for (const [k, v] of Object.entries(attrs)) if (v !== null) el.setAttribute(k, v as never)
  // Through an update, as the server receives it.
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
  return (replica.getXmlFragment('default').get(0) as Y.XmlElement).getAttributes() as Record<string, unknown>
}

const isValid = (a: TaskAttrs): boolean =>
  (a.id === null || /^[A-Za-z0-9_-]{4,64}$/.test(a.id)) &&
  TASK_STATUSES.includes(a.status) &&
  TASK_PRIORITIES.includes(a.priority) &&
  TASK_STAGES.includes(a.stage) &&
  (a.estimate === null || (Number.isFinite(a.estimate) && a.estimate >= 0)) &&
  (a.due === null || isCalendarDate(a.due)) &&
  Array.isArray(a.deps) &&
  a.deps.length <= 100 &&
  new Set(a.deps).size === a.deps.length

describe('task attributes (property)', () => {
  it('a valid task survives the Yjs attribute form unchanged', () => {
    fc.assert(
      fc.property(validAttrs, (attrs) => {
        expect(parseTaskAttrs(throughYjs(attrs))).toEqual(attrs)
      }),
    )
  })

  it('a valid task survives the HTML data-attribute form unchanged', () => {
    fc.assert(
      fc.property(validAttrs, (attrs) => {
        expect(parseTaskAttrs(asHtmlData(attrs))).toEqual(attrs)
      }),
    )
  })

  it('anything parses, without throwing, to valid attributes; parsing again changes nothing', () => {
    const key = fc.constantFrom(...(Object.keys(TASK_DEFAULTS) as (keyof TaskAttrs)[]), 'other')
    const hostile = fc.dictionary(key, fc.oneof(fc.anything(), fc.string(), fc.json(), ID, fc.array(fc.oneof(ID, fc.anything()))))
    fc.assert(
      fc.property(hostile, (raw) => {
        const parsed = parseTaskAttrs(raw)
        expect(isValid(parsed)).toBe(true)
        expect(parseTaskAttrs(parsed as unknown as Record<string, unknown>)).toEqual(parsed)
      }),
    )
  })
})

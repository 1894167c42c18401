import type { FieldChange } from '#shared/history/types'
import { MODEL_CARD_SECTIONS } from '#shared/ml/model-card'
import type { Names } from './wording.ts'

/**
 * Field changes of the ML blocks in words. The diff names them (shared/history/diff/fields.ts,
 * "field names are stable API"): checklist `items.<id>` ({ text, signedBy } or null),
 * `gates.<id>` (kind or null), `decision`; model card `sections.<key>` (text or null) and `runs`
 * (linked run keys `<block>/<run>`); run comparison `picked` (run keys). Null: not one of these.
 */
export function describeMlField(change: FieldChange, names: Names): { label: string; text: string } | null {
  const { field, from, to } = change
  if (field.startsWith('items.')) return checklistItem(from, to, names)
  if (field.startsWith('gates.')) {
    const kind = typeof (to ?? from) === 'string' ? ` (${String(to ?? from)})` : ''
    return { label: 'Gate', text: from === null ? `added${kind}` : to === null ? `removed${kind}` : `${String(from)} → ${String(to)}` }
  }
  if (field === 'decision') {
    const who = (v: unknown) => {
      const d = v as { by?: unknown; byName?: unknown } | null
      return typeof d?.byName === 'string' ? d.byName : typeof d?.by === 'string' ? (names.user(d.by) ?? 'someone') : 'someone'
    }
    return { label: 'Ship decision', text: to === null ? 'withdrawn' : from === null ? `recorded by ${who(to)}` : `recorded again by ${who(to)}` }
  }
  if (field.startsWith('sections.')) {
    const key = field.slice('sections.'.length)
    const title = MODEL_CARD_SECTIONS.find((s) => s.key === key)?.title ?? key
    const text = from === null || from === '' ? `written: ${quote(to)}` : to === null || to === '' ? 'cleared' : `${quote(from)} → ${quote(to)}`
    return { label: `Section “${title}”`, text }
  }
  if ((field === 'runs' || field === 'picked') && (Array.isArray(from) || Array.isArray(to))) {
    const a = list(from)
    const b = list(to)
    const run = (key: string) => key.split('/').pop() || key
    const parts = [...b.filter((k) => !a.includes(k)).map((k) => `+${run(k)}`), ...a.filter((k) => !b.includes(k)).map((k) => `−${run(k)}`)]
    return { label: field === 'runs' ? 'Linked runs' : 'Runs picked', text: parts.length > 0 ? parts.join(', ') : 'reordered' }
  }
  return null
}

function checklistItem(from: unknown, to: unknown, names: Names): { label: string; text: string } {
  const a = from as { text?: unknown; signedBy?: unknown } | null
  const b = to as { text?: unknown; signedBy?: unknown } | null
  const text = typeof (b ?? a)?.text === 'string' ? String((b ?? a)!.text) : 'an item'
  const label = `Checklist item ${quote(text)}`
  if (!a) return { label, text: 'added' }
  if (!b) return { label, text: 'removed' }
  const parts: string[] = []
  if (a.text !== b.text) parts.push(`was ${quote(a.text)}`)
  if (a.signedBy !== b.signedBy) {
    parts.push(typeof b.signedBy === 'string' ? `signed off by ${names.user(b.signedBy) ?? 'someone'}` : 'sign-off removed')
  }
  return { label, text: parts.join(', ') || 'changed' }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])

/** A short quotation: card sections and items can be paragraphs long. */
function quote(v: unknown): string {
  const s = typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : ''
  return `“${s.length > 60 ? `${s.slice(0, 59)}…` : s}”`
}

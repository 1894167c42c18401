import { useState } from 'react'
import type * as Y from 'yjs'
import { WEB_PROTOCOLS, safeHref } from '#shared/hub/safe-href'
import { putItem, removeItem, type ChecklistState } from '#shared/ml/checklist'
import { api, describeError } from '../../../lib/http.ts'
import type { MemberView } from '../../../lib/api-types.ts'
import type { VerifiedItem } from '../hooks.ts'
import { relativeTime } from '../logic.ts'

type Item = ChecklistState['items'][number]

/**
 * Sign-offs as the server vouches for them, by item id; null until its answer is in (offline, or
 * loading). Signing goes through the API (`signPath`), never into the document directly: a
 * sign-off written there alone is shown as unverified, never as the person it names.
 */
export interface SignOffs {
  verified: ReadonlyMap<string, VerifiedItem> | null
  signPath: ((itemId: string) => string) | null
  onChanged: () => void
}

/** What an item shows: the verified signer, and any sign-off claim the server does not vouch for. */
export function signOffOf(item: Item, verified: SignOffs['verified']): Pick<VerifiedItem, 'signedBy' | 'signedAt' | 'unverified' | 'importedFrom'> {
  const v = verified?.get(item.id)
  if (v) return v
  return {
    signedBy: null,
    signedAt: null,
    unverified: item.signedBy ? { signedBy: item.signedBy, signedAt: item.signedAt, reason: 'not checked with the server yet' } : null,
  }
}

const AREA_ORDER = ['Data', 'Model', 'Infrastructure', 'Monitoring']
const AREA_HINT: Record<string, string> = {
  Data: 'Features and data',
  Model: 'Model development',
  Infrastructure: 'ML infrastructure',
  Monitoring: 'Monitoring in production',
}

/** Items grouped by area: the ML Test Score's four, in the paper's order, then the team's own. */
export function groupByArea(items: readonly Item[]): { area: string; items: Item[] }[] {
  const groups = new Map<string, Item[]>()
  for (const i of items) {
    const area = i.area ?? 'Team'
    groups.set(area, [...(groups.get(area) ?? []), i])
  }
  const rank = (a: string) => (AREA_ORDER.includes(a) ? AREA_ORDER.indexOf(a) : AREA_ORDER.length)
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([area, list]) => ({ area, items: list }))
}

function ItemRow({
  doc,
  blockId,
  item,
  me,
  members,
  editable,
  signOffs,
}: {
  doc: Y.Doc
  blockId: string
  item: Item
  me: { id: string; name: string }
  members: readonly MemberView[]
  editable: boolean
  signOffs: SignOffs
}) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const nameOf = (id: string | null) => (id ? (members.find((m) => m.userId === id)?.name ?? (id === me.id ? me.name : 'a member')) : null)
  const shown = signOffOf(item, signOffs.verified)
  const signed = shown.signedBy !== null
  // You sign as yourself (the server records who), and only the person who signed can withdraw it.
  const canToggle = editable && !busy && signOffs.signPath !== null && signOffs.verified !== null && (!signed || shown.signedBy === me.id)
  const toggleSign = async () => {
    if (!canToggle || !signOffs.signPath) return
    setBusy(true)
    setError(null)
    try {
      await api(signOffs.signPath(item.id), signed ? { method: 'DELETE' } : { method: 'POST', body: {} })
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
      signOffs.onChanged()
    }
  }
  const evidence = item.evidence ? safeHref(item.evidence, WEB_PROTOCOLS) : null
  return (
    <li className={`ml-item${signed ? ' ml-item--signed' : ''}`} data-testid="checklist-item" data-item-id={item.id} data-signed={signed || undefined}>
      <button
        type="button"
        className="ml-sign"
        onClick={() => void toggleSign()}
        disabled={!canToggle}
        aria-pressed={signed}
        title={signed ? `Signed by ${nameOf(shown.signedBy)}${canToggle ? ' (click to withdraw)' : ''}` : canToggle ? `Sign off as ${me.name}` : 'Not signed'}
        data-testid="sign-item"
      >
        {signed && (
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
            <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        )}
      </button>
      <div className="ml-item__main">
        <div className="ml-item__text">
          {item.text}
          {!item.required && <span className="ml-chip ml-chip--optional">optional</span>}
        </div>
        <div className="ml-item__meta">
          {signed ? (
            <span className="ml-signed" data-testid="signed-by">
              Signed by {nameOf(shown.signedBy)} · {relativeTime(shown.signedAt)}
              {/* An import re-signs as the importer: who the file said signed is a claim, shown as such. */}
              {shown.importedFrom && <span data-testid="imported-signoff"> · imported (the file said {nameOf(shown.importedFrom.userId)})</span>}
            </span>
          ) : (
            item.required && <span className="ml-unsigned">Needs sign-off</span>
          )}
          {shown.unverified && (
            <span
              className="ml-chip ml-chip--unverified"
              title={`Written into the document as ${nameOf(shown.unverified.signedBy)}'s sign-off, but ${shown.unverified.reason}: it does not count.`}
              data-testid="unverified-signoff"
            >
              ⚠ Unverified sign-off
            </span>
          )}
          {error && (
            <span className="ml-error" role="alert">
              {error}
            </span>
          )}
          {item.owner && <span>Owner: {nameOf(item.owner)}</span>}
          {evidence && (
            <a href={evidence} target="_blank" rel="noopener noreferrer" className="ml-link">
              Evidence ↗
            </a>
          )}
        </div>
        {open && editable && (
          <div className="ml-item__edit" data-testid="item-edit">
            <label className="ml-field">
              <span>Owner</span>
              <select value={item.owner ?? ''} onChange={(e) => putItem(doc, blockId, item.id, { text: item.text, owner: e.target.value || null })}>
                <option value="">No owner</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="ml-field">
              <span>Required</span>
              <input
                type="checkbox"
                checked={item.required}
                onChange={(e) => putItem(doc, blockId, item.id, { text: item.text, required: e.target.checked })}
              />
            </label>
            <label className="ml-field ml-field--grow">
              <span>Evidence</span>
              <input
                type="url"
                placeholder="https://… (a dashboard, a test run, a review)"
                defaultValue={item.evidence ?? ''}
                onBlur={(e) => {
                  const v = e.target.value.trim()
                  if (v !== (item.evidence ?? '')) putItem(doc, blockId, item.id, { text: item.text, evidence: v || null })
                }}
              />
            </label>
            {!item.id.startsWith('mlts-') && (
              <button type="button" className="ml-text-button ml-text-button--danger" onClick={() => removeItem(doc, blockId, item.id)}>
                Remove
              </button>
            )}
          </div>
        )}
      </div>
      {editable && (
        <button
          type="button"
          className="ml-text-button ml-item__more"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          title="Owner, evidence, required"
        >
          {open ? 'Done' : 'Edit'}
        </button>
      )}
    </li>
  )
}

export function ChecklistItems({
  doc,
  blockId,
  items,
  me,
  members,
  editable,
  signOffs,
}: {
  doc: Y.Doc
  blockId: string
  items: readonly Item[]
  me: { id: string; name: string }
  members: readonly MemberView[]
  editable: boolean
  signOffs: SignOffs
}) {
  const [draft, setDraft] = useState('')
  const groups = groupByArea(items)
  const add = () => {
    const text = draft.trim()
    if (!text) return
    const order = Math.max(0, ...items.map((i) => i.order)) + 1
    putItem(doc, blockId, `i${crypto.randomUUID().slice(0, 8)}`, {
      text,
      required: true,
      area: 'Team',
      order,
      owner: null,
      signedBy: null,
      signedAt: null,
      evidence: null,
    })
    setDraft('')
  }
  return (
    <div className="ml-items">
      {groups.map((g) => {
        const required = g.items.filter((i) => i.required)
        const signed = required.filter((i) => signOffOf(i, signOffs.verified).signedBy).length
        return (
          <section key={g.area} className="ml-area" data-testid="checklist-area" data-area={g.area}>
            <h4 className="ml-area__title">
              <span>{g.area}</span>
              {AREA_HINT[g.area] && <span className="ml-muted ml-small">{AREA_HINT[g.area]}</span>}
              <span className={`ml-area__count${signed === required.length ? ' ml-area__count--done' : ''}`}>
                {signed}/{required.length} signed
              </span>
            </h4>
            <ul className="ml-item-list">
              {g.items.map((i) => (
                <ItemRow key={i.id} doc={doc} blockId={blockId} item={i} me={me} members={members} editable={editable} signOffs={signOffs} />
              ))}
            </ul>
          </section>
        )
      })}
      {editable && (
        <form
          className="ml-add-item"
          onSubmit={(e) => {
            e.preventDefault()
            add()
          }}
        >
          <input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Add a team item, e.g. Rollback plan reviewed"
            aria-label="New checklist item"
            data-testid="new-item"
          />
          <button type="submit" className="ml-button" disabled={!draft.trim()}>
            Add item
          </button>
        </form>
      )}
    </div>
  )
}

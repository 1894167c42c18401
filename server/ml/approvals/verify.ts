import type { ChecklistItemView, Unverified } from '#shared/api/ml'
import type { ChecklistState, ShipDecision } from '#shared/ml/checklist'
import type { SignOff } from './approval-store.ts'

/**
 * Compares what a document claims (its display cache, which any editor can write over the
 * socket) with what the server recorded. Only records count; a claim with no matching record is
 * reported as unverified, with why, so views can flag it instead of showing it as someone's.
 */

export type VerifiedItem = ChecklistItemView

/** JSON with sorted keys: two equal values print the same whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  )
}

/**
 * The checklist as the server vouches for it: each item signed only by its recorded sign-off
 * (given for the text the item has now), and the recorded decision.
 */
export function verifyChecklist(state: ChecklistState, signOffs: ReadonlyMap<string, SignOff>, decision: ShipDecision | null) {
  const items: VerifiedItem[] = state.items.map((item) => {
    const record = signOffs.get(item.id) ?? null
    const valid = record && record.text === item.text ? record : null
    // An imported record vouches for the claim the file carried (the document's copy names the original signer).
    const claimMatches =
      valid !== null &&
      ((item.signedBy === valid.by && item.signedAt === valid.at) ||
        (valid.importedFrom !== undefined && item.signedBy === valid.importedFrom.userId && item.signedAt === valid.importedFrom.at))
    const unverified: Unverified | null =
      item.signedBy !== null && !claimMatches
        ? { signedBy: item.signedBy, signedAt: item.signedAt, reason: record && !valid ? 'the item text changed after it was signed' : 'no sign-off on record' }
        : null
    return { ...item, signedBy: valid?.by ?? null, signedAt: valid?.at ?? null, unverified, importedFrom: valid?.importedFrom ?? null }
  })
  const claimed = state.decision
  // An imported decision is the file's, re-signed by the importer: the document's copy is the file's.
  const original = decision?.importedFrom
    ? (({ importedFrom, ...rest }) => ({ ...rest, by: importedFrom.userId, at: importedFrom.at }))(
        decision as ShipDecision & { importedFrom: { userId: string; at: string } },
      )
    : decision
  const unverifiedDecision = claimed && (!original || canonical(claimed) !== canonical(original)) ? claimed : null
  return { items, gates: state.gates, decision, unverifiedDecision }
}

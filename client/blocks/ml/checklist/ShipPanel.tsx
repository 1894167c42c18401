import { useState } from 'react'
import type { ShipDecision } from '#shared/ml/checklist'
import { api, ApiError, describeError } from '../../../lib/http.ts'
import type { Readiness } from '../hooks.ts'

const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })

/**
 * The verdict: a big "Ready to ship" only when the server says every required item is signed and
 * every gate holds, otherwise the exact blockers; the button that records the decision; and the
 * recorded decision (who, when, every gate's state), shown for good. The decision shown is the one
 * the server recorded; one only written into the document is flagged, never shown as someone's.
 */
export function ShipPanel({
  shipPath,
  readiness,
  error,
  editable,
  onChanged,
  nameOf,
}: {
  shipPath: string | null
  readiness: Readiness | null
  error: string | null
  editable: boolean
  onChanged: () => void
  nameOf: (userId: string) => string
}) {
  const decision = readiness?.decision ?? null
  const forged = readiness?.unverifiedDecision ?? null
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [showAll, setShowAll] = useState(false)

  const record = async () => {
    if (!shipPath) return
    setBusy(true)
    setMessage(null)
    try {
      await api(shipPath, { method: 'POST' })
    } catch (err) {
      setMessage(
        err instanceof ApiError && err.code === 'not_ready' ? 'Not ready any more: something changed. The blockers are listed above.' : describeError(err),
      )
    } finally {
      setBusy(false)
      onChanged()
    }
  }

  // Gates first: a failing gate is one line that matters more than the list of unsigned items.
  const all = readiness?.blockers ?? []
  const blockers = [...all.filter((b) => b.startsWith('Gate:')), ...all.filter((b) => !b.startsWith('Gate:'))]
  const shown = showAll ? blockers : blockers.slice(0, 6)
  return (
    <div className="ml-ship">
      {readiness === null ? (
        <div className="ml-verdict ml-verdict--pending" data-testid="ship-verdict" data-ready="unknown">
          {error ? `Can't check readiness right now. ${error}` : 'Checking readiness…'}
        </div>
      ) : readiness.ready ? (
        <div className="ml-verdict ml-verdict--ready" data-testid="ship-verdict" data-ready="true">
          <div className="ml-verdict__big">
            <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
              <circle cx="12" cy="12" r="11" fill="currentColor" opacity="0.15" />
              <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Ready to ship
          </div>
          <p>Every required item is signed and every gate holds.</p>
          {editable && (
            <button type="button" className="ml-button ml-button--primary" onClick={() => void record()} disabled={busy} data-testid="record-ship">
              {busy ? 'Recording…' : decision ? 'Record a new ship decision' : 'Record ship decision'}
            </button>
          )}
        </div>
      ) : (
        <div className="ml-verdict ml-verdict--blocked" data-testid="ship-verdict" data-ready="false">
          <div className="ml-verdict__title">
            Not ready to ship: {blockers.length} blocker{blockers.length === 1 ? '' : 's'}
          </div>
          <ul className="ml-blockers" data-testid="blockers">
            {shown.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
          {blockers.length > 6 && (
            <button type="button" className="ml-text-button" onClick={() => setShowAll((s) => !s)}>
              {showAll ? 'Show fewer' : `Show all ${blockers.length}`}
            </button>
          )}
        </div>
      )}
      {message && (
        <p className="ml-error" role="alert">
          {message}
        </p>
      )}
      {decision && <DecisionRecord decision={decision} />}
      {forged && (
        <p
          className="ml-chip ml-chip--unverified"
          data-testid="unverified-decision"
          title="Written into the document without a server record: it does not count."
        >
          ⚠ Unverified ship decision in this document, naming {nameOf(forged.by)}: not recorded by the server
        </p>
      )}
      {(readiness?.unverifiedSignOffs ?? 0) > 0 && (
        <p className="ml-chip ml-chip--unverified" data-testid="unverified-signoffs">
          ⚠ {readiness!.unverifiedSignOffs} sign-off{readiness!.unverifiedSignOffs === 1 ? '' : 's'} in this document not recorded by the server: not counted
        </p>
      )}
    </div>
  )
}

function DecisionRecord({ decision }: { decision: ShipDecision }) {
  const signed = decision.items.filter((i) => i.signedBy).length
  return (
    <div className="ml-decision" data-testid="ship-decision">
      <div className="ml-decision__head">
        <strong>Ship decision recorded</strong> by {decision.byName} · {when(decision.at)}
        {decision.importedFrom && <span data-testid="imported-decision"> · imported (recorded on this server by whoever imported it)</span>}
      </div>
      <div className="ml-decision__body">
        <div>
          {signed} of {decision.items.length} required items signed
        </div>
        {decision.gates.length === 0 ? (
          <div className="ml-muted">No gates at the time.</div>
        ) : (
          <ul className="ml-gate-list ml-gate-list--record">
            {decision.gates.map((g) => (
              <li key={g.label} className={`ml-gate ml-gate--${g.holds ? 'pass' : 'fail'}`}>
                <span className="ml-gate__icon" aria-hidden="true">
                  {g.holds ? '✓' : '✕'}
                </span>
                <span className="ml-gate__label">{g.label}</span>
                <span className="ml-gate__detail">{g.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}

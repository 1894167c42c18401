import { useState } from 'react'
import type * as Y from 'yjs'
import { TASK_STAGES, type TaskStage } from '#shared/blocks/task'
import { putGate, removeGate, type ChecklistState } from '#shared/ml/checklist'
import { gateLabel, type Gate } from '#shared/ml/gates'
import type { Readiness } from '../hooks.ts'

type Op = '>=' | '>' | '<=' | '<'
const OPS: Op[] = ['>=', '>', '<=', '<']

/** The gates with the server's live verdict (matched by label: the server labels with gateLabel too). */
export function Gates({
  doc,
  blockId,
  gates,
  results,
  editable,
  metricHints,
}: {
  doc: Y.Doc
  blockId: string
  gates: ChecklistState['gates']
  results: Readiness['gates'] | null
  editable: boolean
  metricHints: readonly string[]
}) {
  const [adding, setAdding] = useState(false)
  return (
    <section className="ml-gates" data-testid="gates">
      <h4 className="ml-area__title">
        <span>Gates</span>
        <span className="ml-muted ml-small">Conditions on tasks and metrics, checked by the server</span>
      </h4>
      {gates.length === 0 && (
        <p className="ml-muted ml-small ml-gates__empty">No gates yet. Add one so shipping waits for the evaluation work or a metric threshold.</p>
      )}
      <ul className="ml-gate-list">
        {gates.map((g) => {
          const label = gateLabel(g)
          const r = results?.find((x) => x.label === label) ?? null
          const state = r === null ? 'pending' : r.holds ? 'pass' : 'fail'
          return (
            <li key={g.id} className={`ml-gate ml-gate--${state}`} data-testid="gate" data-state={state}>
              <span className="ml-gate__icon" aria-hidden="true">
                {state === 'pass' ? '✓' : state === 'fail' ? '✕' : '…'}
              </span>
              <span className="ml-gate__label">{label}</span>
              <span className="ml-gate__detail">{r ? r.detail : 'checking…'}</span>
              {editable && (
                <button
                  type="button"
                  className="ml-text-button ml-gate__remove"
                  onClick={() => removeGate(doc, blockId, g.id)}
                  aria-label={`Remove gate ${label}`}
                  title="Remove gate"
                >
                  Remove
                </button>
              )}
            </li>
          )
        })}
      </ul>
      {editable &&
        (adding ? (
          <AddGate
            metricHints={metricHints}
            onCancel={() => setAdding(false)}
            onAdd={(gate) => {
              putGate(doc, blockId, `g${crypto.randomUUID().slice(0, 8)}`, gate)
              setAdding(false)
            }}
          />
        ) : (
          <button type="button" className="ml-text-button" onClick={() => setAdding(true)} data-testid="add-gate">
            + Add a gate
          </button>
        ))}
    </section>
  )
}

function AddGate({ onAdd, onCancel, metricHints }: { onAdd: (g: Gate) => void; onCancel: () => void; metricHints: readonly string[] }) {
  const [kind, setKind] = useState<'tasks' | 'metric'>('metric')
  const [stage, setStage] = useState<TaskStage>('evaluation')
  const [metric, setMetric] = useState(metricHints[0] ?? '')
  const [op, setOp] = useState<Op>('>=')
  const [threshold, setThreshold] = useState('')
  const [dataset, setDataset] = useState('')
  const t = Number(threshold)
  const valid = kind === 'tasks' || (metric.trim() !== '' && threshold.trim() !== '' && Number.isFinite(t))
  const submit = () => {
    if (!valid) return
    if (kind === 'tasks') return onAdd({ kind: 'tasks', stage })
    const [name, version] = dataset.trim().split('@')
    onAdd({ kind: 'metric', metric: metric.trim(), op, threshold: t, ...(name ? { dataset: { name, ...(version ? { version } : {}) } } : {}) })
  }
  return (
    <form
      className="ml-gate-form"
      data-testid="gate-form"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <select value={kind} onChange={(e) => setKind(e.target.value as 'tasks' | 'metric')} aria-label="Gate kind" data-testid="gate-kind">
        <option value="metric">Best metric meets a threshold</option>
        <option value="tasks">Every task of a stage is done</option>
      </select>
      {kind === 'tasks' ? (
        <select value={stage} onChange={(e) => setStage(e.target.value as TaskStage)} aria-label="Stage" data-testid="gate-stage">
          {TASK_STAGES.filter((s) => s !== 'none').map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      ) : (
        <>
          <input
            value={metric}
            onChange={(e) => setMetric(e.target.value)}
            placeholder="metric"
            aria-label="Metric"
            list="ml-metric-hints"
            className="ml-input--metric"
            data-testid="gate-metric"
          />
          <datalist id="ml-metric-hints">
            {metricHints.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <select value={op} onChange={(e) => setOp(e.target.value as Op)} aria-label="Comparison" data-testid="gate-op">
            {OPS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <input
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            placeholder="0.9"
            inputMode="decimal"
            aria-label="Threshold"
            className="ml-input--num"
            data-testid="gate-threshold"
          />
          <input
            value={dataset}
            onChange={(e) => setDataset(e.target.value)}
            placeholder="on dataset (optional)"
            aria-label="Dataset"
            className="ml-input--dataset"
          />
        </>
      )}
      <button type="submit" className="ml-button" disabled={!valid} data-testid="gate-save">
        Add gate
      </button>
      <button type="button" className="ml-text-button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  )
}

import type { FieldChange, RunChange } from '#shared/history/types'
import { describeField, describeRun, type Names } from './wording.ts'
import './change-details.css'

/**
 * A changed block's field and run changes, spelled out under it: "Status: In progress → Done",
 * "Depends on: +“Label audit”", "Run r3 added". The text diff is drawn in the block itself.
 */
export function ChangeDetails({ fields, runs, names }: { fields: readonly FieldChange[]; runs: readonly RunChange[]; names: Names }) {
  if (fields.length === 0 && runs.length === 0) return null
  return (
    <ul className="cv-details" aria-label="What changed">
      {fields.map((f, i) => {
        const { label, text } = describeField(f, names)
        return (
          <li key={`f${i}`}>
            <span className="cv-details__label">{label}:</span> {text}
          </li>
        )
      })}
      {runs.map((r, i) => (
        <li key={`r${i}`} className={`cv-details__run cv-details__run--${r.change}`}>
          {describeRun(r)}
        </li>
      ))}
    </ul>
  )
}

/** Placeholder until the compare helper's view lands at this path. */
export function CompareView(props: { docId: string; from: number; to: number | null; onClose(): void }) {
  return (
    <div data-testid="compare-view">
      Compare {props.from} → {props.to ?? 'current'}
      <button type="button" onClick={props.onClose}>
        Close
      </button>
    </div>
  )
}

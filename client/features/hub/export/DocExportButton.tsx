import { DocExportMenu } from './DocExportMenu.tsx'
import { ExportButton } from './ExportButton.tsx'

/** "Export" beside History on a document: everyone who can read the page may export it. */
export function DocExportButton({ docId }: { docId: string }) {
  return (
    <ExportButton className="hbutton" title="Export this page" testId="doc-export" menu={(close) => <DocExportMenu docId={docId} onPick={close} />}>
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <path
          d="M10 3v9m0 0l-3.5-3.5M10 12l3.5-3.5M4 14.5V16h12v-1.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="hbutton__text">Export</span>
    </ExportButton>
  )
}

import { ExportItems } from './ExportItems.tsx'
import { docExportUrl } from './export-urls.ts'

/** The export choices for one page: the page alone, or with its subpages. Inside a Popover. */
export function DocExportMenu({ docId, onPick }: { docId: string; onPick: () => void }) {
  return (
    <>
      <div className="menu__label">Export this page</div>
      <ExportItems url={(format) => docExportUrl(docId, format, false)} onPick={onPick} testId="export-page" />
      <div className="menu__sep" />
      <div className="menu__label">This page and its subpages</div>
      <ExportItems url={(format) => docExportUrl(docId, format, true)} onPick={onPick} testId="export-subtree" />
    </>
  )
}

import { ExportButton } from './ExportButton.tsx'
import { ExportItems } from './ExportItems.tsx'
import { projectExportUrl } from './export-urls.ts'

/** "Export" on the project's page: the whole project (live pages; the trash is left out), for anyone who can read it. */
export function ProjectExportButton({ projectId }: { projectId: string }) {
  return (
    <ExportButton
      className="button"
      title="Export the whole project"
      testId="project-export"
      menu={(close) => (
        <>
          <div className="menu__label">Export the whole project</div>
          <ExportItems url={(format) => projectExportUrl(projectId, format)} onPick={close} testId="project-export" />
        </>
      )}
    >
      Export
    </ExportButton>
  )
}

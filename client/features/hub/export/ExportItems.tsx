import { EXPORT_FORMATS, type ExportFormat } from './export-urls.ts'

/**
 * Menu items that download an export, one per format: plain links (the browser sends the session
 * cookie and saves what the server names), so there is nothing to wait for in the page.
 */
export function ExportItems({ url, onPick, testId }: { url: (format: ExportFormat) => string; onPick: () => void; testId: string }) {
  return (
    <>
      {EXPORT_FORMATS.map((f) => (
        <a
          key={f.format}
          role="menuitem"
          className="menu__item menu__item--two-line"
          href={url(f.format)}
          download
          onClick={onPick}
          data-testid={`${testId}-${f.format}`}
        >
          <span className="menu__item-name">{f.label}</span>
          <span className="menu__item-desc">{f.hint}</span>
        </a>
      ))}
    </>
  )
}

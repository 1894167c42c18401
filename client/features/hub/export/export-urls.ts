/** The formats the export routes serve (server/export/routes.ts): what each one is, in a menu. */
export const EXPORT_FORMATS = [
  { format: 'md', label: 'Markdown', hint: 'A .md file, or a .zip of folders' },
  { format: 'html', label: 'HTML', hint: 'Self-contained pages to read anywhere' },
  { format: 'json', label: 'Keel JSON', hint: 'Lossless: imports back into Keel' },
] as const

export type ExportFormat = (typeof EXPORT_FORMATS)[number]['format']

/** A download link: a plain GET with the session cookie; the server names the file (Content-Disposition). */
export const docExportUrl = (docId: string, format: ExportFormat, subtree: boolean): string =>
  `/api/docs/${encodeURIComponent(docId)}/export?format=${format}${subtree ? '&subtree=1' : ''}`

export const projectExportUrl = (projectId: string, format: ExportFormat): string => `/api/projects/${encodeURIComponent(projectId)}/export?format=${format}`

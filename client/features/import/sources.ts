import type { ImportAdapterKind } from '#shared/api/imports'

/** What the wizard offers: each source's label, what to upload, and what it becomes. */
export interface ImportSourceKind {
  kind: ImportAdapterKind
  label: string
  accept: string
  hint: string
}

export const SOURCES: readonly ImportSourceKind[] = [
  {
    kind: 'markdown',
    label: 'Markdown',
    accept: '.md,.markdown,.zip,text/markdown,application/zip',
    hint: 'A Markdown file (.md), or a .zip of folders of them: each folder becomes a page, each file a page under it.',
  },
  {
    kind: 'confluence',
    label: 'Confluence',
    accept: '.zip,application/zip',
    hint: 'A space export as HTML (.zip from Space settings → Export space → HTML): the page tree, bodies, code and info macros, task lists.',
  },
  {
    kind: 'notion',
    label: 'Notion',
    accept: '.zip,application/zip',
    hint: 'An export as "Markdown & CSV" (.zip): pages and subpages; databases with a status column become tasks.',
  },
  {
    kind: 'jira',
    label: 'Jira',
    accept: '.csv,.zip,text/csv',
    hint: 'A project exported as "Excel CSV (all fields)": issues become tasks on a page per epic or per sprint, Blocks links become dependencies.',
  },
]

export const contentTypeOf = (file: File): string => (/\.zip$/i.test(file.name) ? 'application/zip' : /\.csv$/i.test(file.name) ? 'text/csv' : 'text/markdown')

import type { ImportAdapterKind } from '#shared/api/imports'
import type { ImportAdapter } from '#shared/import/adapter'
import { confluenceAdapter } from '#shared/import/confluence/adapter'
import { jiraAdapter } from '#shared/import/jira/adapter'
import { markdownAdapter } from '#shared/import/markdown/adapter'
import { notionAdapter } from '#shared/import/notion/adapter'

/** The formats an import can read, by the `adapter` of a job . */
export const ADAPTERS: Record<ImportAdapterKind, ImportAdapter> = {
  markdown: markdownAdapter,
  confluence: confluenceAdapter,
  notion: notionAdapter,
  jira: jiraAdapter,
}

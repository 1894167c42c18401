import type { ImportAdapter } from '#shared/import/adapter'
import { confluenceAdapter } from '#shared/import/confluence/adapter'
import { markdownAdapter } from '#shared/import/markdown/adapter'

/** The formats an import can read, by the `adapter` of a job (Confluence, Jira and Notion plug in here). */
export const ADAPTERS: Record<'markdown' | 'confluence', ImportAdapter> = { markdown: markdownAdapter, confluence: confluenceAdapter }

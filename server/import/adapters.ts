import type { ImportAdapter } from '#shared/import/adapter'
import { markdownAdapter } from '#shared/import/markdown/adapter'
import { notionAdapter } from '#shared/import/notion/adapter'

/** The formats an import can read, by the `adapter` of a job (Confluence, Jira and Notion plug in here). */
export const ADAPTERS: Record<'markdown' | 'notion', ImportAdapter> = { markdown: markdownAdapter, notion: notionAdapter }

import { z } from 'zod'
import { TASK_STATUSES } from '../blocks/task.ts'

/** REST shapes of imports (server/import/routes.ts; docs/ARCHITECTURE.md "Import"). */

export const IMPORT_ADAPTERS = ['markdown', 'confluence', 'notion', 'jira'] as const
export type ImportAdapterKind = (typeof IMPORT_ADAPTERS)[number]

/**
 * The choices a person makes in the wizard (or the CLI) that change what an import makes; kept
 * with the job, so the run makes what the dry run showed. Only Jira reads them so far.
 */
export const ImportSettings = z.object({
  /** Jira: one page per epic or per (current) sprint. */
  groupBy: z.enum(['epic', 'sprint']).default('epic'),
  /** Jira: the user's edits of the status table (Jira status name, any case → Keel status). */
  statusMap: z.record(z.string().trim().min(1).max(100), z.enum(TASK_STATUSES)).default({}),
})
export type ImportSettings = z.infer<typeof ImportSettings>
export const DEFAULT_IMPORT_SETTINGS: ImportSettings = { groupBy: 'epic', statusMap: {} }

/** `PATCH /api/projects/:projectId/imports/:jobId`: plan a planned job again with other settings (the wizard's status table). */
export const ReplanBody = z.object({ settings: ImportSettings })

/** `settings` travels as JSON in the query (the body is the upload's bytes). */
const SettingsParam = z
  .string()
  .max(16_000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'settings is not JSON' })
      return z.NEVER
    }
  })
  .pipe(ImportSettings)

export const ImportParams = z.object({ projectId: z.string().min(1).max(64) })
export const ImportJobParams = ImportParams.extend({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })

/** Query of `POST /api/projects/:projectId/imports` (the body is the raw .zip or .md bytes). */
export const CreateImportQuery = z.object({
  name: z.string().trim().min(1).max(255),
  adapter: z.enum(IMPORT_ADAPTERS).default('markdown'),
  settings: SettingsParam.optional(),
  /** `true` (the default): only plan; `POST …/run` runs it. `false`: plan and start at once. */
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** A page of the project to import under; the project's root by default. */
  parentId: z.string().min(1).max(64).optional(),
})

const Dropped = z.object({ item: z.string(), reason: z.string() })
const Refusal = z.object({ path: z.string(), reason: z.string() })

export const PlanItem = z.object({
  sourceId: z.string(),
  parentSourceId: z.string().nullable(),
  path: z.string(),
  title: z.string(),
  kind: z.enum(['page', 'folder']),
  bytes: z.number().int(),
  hash: z.string(),
  tasks: z.number().int(),
  links: z.number().int(),
  warnings: z.array(z.string()),
  dropped: z.array(Dropped),
  /** What the run will do: make a page, replace the content of the page an earlier import made, or leave it. */
  action: z.enum(['create', 'update', 'skip']),
  reason: z.string().nullable(),
  /** The page an earlier import made (update, skip). */
  docId: z.string().nullable(),
  /** The title of the page it goes under ("the project" at the top). */
  parentTitle: z.string(),
})
export type PlanItem = z.infer<typeof PlanItem>

/**
 * A file the pages refer to (an image, a linked config, a Confluence attachment), stored as a
 * project attachment before the pages are written: `store` a new one; `reuse` the one an earlier
 * run of this source stored for the same path and bytes; `drop` it (missing, empty, too large: the reason).
 */
export const PlanAttachment = z.object({
  path: z.string(),
  /** The name it is stored under. */
  name: z.string(),
  bytes: z.number().int(),
  action: z.enum(['store', 'reuse', 'drop']),
  reason: z.string().nullable(),
  attachmentId: z.string().nullable(),
})
export type PlanAttachment = z.infer<typeof PlanAttachment>

export const ImportPlan = z.object({
  adapter: z.enum(IMPORT_ADAPTERS),
  source: z.string(),
  items: z.array(PlanItem),
  /** Files that make no page (attachments, other formats), and entries refused by the archive reader. */
  skipped: z.array(Refusal),
  /** `bytes` counts the pages' files and the attachments to store; `attachments` how many are to be stored. */
  totals: z.object({
    create: z.number().int(),
    update: z.number().int(),
    skip: z.number().int(),
    files: z.number().int(),
    bytes: z.number().int(),
    attachments: z.number().int().optional(),
  }),
  /** The files the pages refer to, and what the run does with each (absent in plans made before attachments). */
  attachments: z.array(PlanAttachment).optional(),
  /** The settings the plan was made with (the run uses the same). */
  settings: ImportSettings,
  /** Jira: every status in the file and the Keel status it becomes (null: not in the table, imported as To do). */
  statuses: z.array(z.object({ name: z.string(), count: z.number().int(), mapsTo: z.enum(TASK_STATUSES).nullable() })).optional(),
})
export type ImportPlan = z.infer<typeof ImportPlan>

export const IMPORT_STATUSES = ['planned', 'queued', 'running', 'done', 'failed', 'refused', 'undone'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export const ImportProgress = z.object({
  /** The run's first pass: pages (and tree nodes) made, of those it makes. */
  pagesDone: z.number().int(),
  pagesTotal: z.number().int(),
  /** The second pass: files whose content is written, and their bytes. */
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type ImportProgress = z.infer<typeof ImportProgress>

export const ImportJob = z.object({
  id: z.string(),
  projectId: z.string(),
  adapter: z.enum(IMPORT_ADAPTERS),
  source: z.string(),
  status: z.enum(IMPORT_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  progress: ImportProgress,
  /** Why the source was refused or the run failed, in words. */
  error: z.string().nullable(),
  /** The dry run's plan (null when the source was refused before planning). */
  plan: ImportPlan.nullable(),
})
export type ImportJob = z.infer<typeof ImportJob>

const ReportPage = z.object({ sourceId: z.string(), path: z.string(), title: z.string(), docId: z.string() })
export const ImportReport = z.object({
  jobId: z.string(),
  projectId: z.string(),
  adapter: z.enum(IMPORT_ADAPTERS),
  source: z.string(),
  status: z.enum(IMPORT_STATUSES),
  error: z.string().nullable(),
  created: z.array(ReportPage),
  updated: z.array(ReportPage),
  skipped: z.array(Refusal),
  warnings: z.array(z.object({ path: z.string(), message: z.string() })),
  dropped: z.array(z.object({ path: z.string(), item: z.string(), reason: z.string() })),
  progress: ImportProgress,
  /** The files stored as attachments (or used again, or dropped with why); absent in reports made before attachments. */
  attachments: z
    .array(
      z.object({
        path: z.string(),
        bytes: z.number().int(),
        status: z.enum(['stored', 'reused', 'dropped']),
        attachmentId: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    )
    .optional(),
  /** When the import was undone and how many pages went to the trash. */
  undone: z.object({ at: z.string(), pages: z.number().int() }).nullable(),
})
export type ImportReport = z.infer<typeof ImportReport>

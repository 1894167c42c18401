import { z } from 'zod'
import { JsonNodeSchema } from './docs.ts'
import { DocDiffSchema } from '../history/types.ts'
import { EDIT_TIME_LIMITS } from '../limits.ts'

/**
 * Version history over REST (`/api/docs/:id/versions…`, `/api/docs/:id/diff`, activity feeds).
 * Viewers read history; editors name versions and restore. A version id from another document
 * is a 404, exactly like an unknown one.
 */

export const VERSION_KINDS = ['auto', 'named', 'restore', 'baseline'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]

export const VERSION_NAME_MAX = 200

export const VersionAuthor = z.object({ userId: z.string(), name: z.string() })
export type VersionAuthor = z.infer<typeof VersionAuthor>

/** One version: the state of the document after update `toSeq`, and the burst of edits that made it. */
export const VersionMeta = z.object({
  id: z.number().int(),
  docId: z.string(),
  kind: z.enum(VERSION_KINDS),
  /** Set for named versions (and may be set on any version by an editor). */
  name: z.string().nullable(),
  /** The first and last update of the burst: the version is the state after `toSeq`. */
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string(),
  authors: z.array(VersionAuthor),
  /** One line: "3 paragraphs added, task 'Label audit' → done, 2 metrics changed". */
  summary: z.string(),
  /** The burst still being edited (not closed yet): always the newest, at most one. */
  open: z.boolean(),
  /** For kind 'restore': the version whose content was brought back. */
  restoredFrom: z.number().int().nullable(),
  /** Who created a named or restore version. */
  createdBy: VersionAuthor.nullable(),
  /**
   * When the version's edits were made, where they were made offline and merged later (the
   * clients said so after their updates were saved): `startedAt`/`endedAt` stay the merge time.
   */
  offline: z.object({ from: z.string(), to: z.string() }).nullable(),
})
export type VersionMeta = z.infer<typeof VersionMeta>

export const VersionParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  vid: z.coerce.number().int().positive(),
})

export const VersionListQuery = z.object({
  /** Versions with id below this (paging, newest first). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** `GET /api/docs/:id/versions` */
export const VersionList = z.object({
  versions: z.array(VersionMeta),
  /** Pass as `before` for the next page; null at the end. */
  nextBefore: z.number().int().nullable(),
  /**
   * On the first page: what this document's history holds on disk (log bytes kept plus
   * checkpoints), so owners can see it grow; history is unbounded by design (decision 0006).
   */
  historyBytes: z.number().int().optional(),
})
export type VersionList = z.infer<typeof VersionList>

/** `POST /api/docs/:id/versions`: name the current state (closes the open burst). */
export const CreateVersionBody = z.object({ name: z.string().trim().min(1).max(VERSION_NAME_MAX) })
/** `PATCH /api/docs/:id/versions/:vid`: rename, or clear the name of a non-named version. */
export const RenameVersionBody = z.object({ name: z.string().trim().min(1).max(VERSION_NAME_MAX).nullable() })

/** `GET /api/docs/:id/versions/:vid`: the version's content (Markdown at `/markdown`). */
export const VersionContent = z.object({
  version: VersionMeta,
  content: JsonNodeSchema,
})
export type VersionContent = z.infer<typeof VersionContent>

/**
 * `GET /api/docs/:id/versions/:vid/authors?since=<vid>`: the version's content with every text run
 * that was written after version `since` (exclusive; default: the beginning) carrying an
 * `{ type: 'author', attrs: { userId } }` mark, for the "show authors" mode.
 */
export const AuthorsQuery = z.object({ since: z.coerce.number().int().positive().optional() })
export const VersionAuthors = VersionContent.extend({ authors: z.array(VersionAuthor) })
export type VersionAuthors = z.infer<typeof VersionAuthors>

/** `GET /api/docs/:id/diff?from=<vid>&to=<vid>`; `to` omitted: the current state. */
export const DiffQuery = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive().optional(),
})
export const DiffResponse = z.object({
  from: VersionMeta,
  /** null when compared with the current state. */
  to: VersionMeta.nullable(),
  /** The content of both sides, so a client renders the compare view from one response. */
  before: JsonNodeSchema,
  after: JsonNodeSchema,
  diff: DocDiffSchema,
})
export type DiffResponse = z.infer<typeof DiffResponse>

/** `POST /api/docs/:id/versions/:vid/restore`: the whole version, or one top-level block of it. */
export const RestoreBody = z.object({
  /** Index of a top-level block in the version's content: restore that block only. */
  block: z.number().int().min(0).optional(),
})
export const RestoreResult = z.object({
  /** The version the restore made (kind 'restore'). */
  version: VersionMeta,
})
export type RestoreResult = z.infer<typeof RestoreResult>

/** `POST /api/docs/:id/visit`: records this visit, returns what changed since the previous one. */
export const VisitResult = z.object({
  /** The previous visit, or null on a first visit. */
  previous: z.object({ seq: z.number().int(), at: z.string() }).nullable(),
  /** The newest version at or before the previous visit (compare it with `current` to show changes). */
  since: VersionMeta.nullable(),
  /** Number of versions closed after the previous visit, and their authors. */
  versionsSince: z.number().int(),
  authors: z.array(VersionAuthor),
})
export type VisitResult = z.infer<typeof VisitResult>

/** `GET /api/docs/:id/attribution`: who last changed each top-level block of the current state, and when. */
export const BlockAttribution = z.object({
  index: z.number().int(),
  /** attrs.id for blocks that have one (tasks, ML blocks). */
  blockId: z.string().nullable(),
  author: VersionAuthor.nullable(),
  at: z.string().nullable(),
  versionId: z.number().int().nullable(),
})
export type BlockAttribution = z.infer<typeof BlockAttribution>
export const AttributionResponse = z.object({ blocks: z.array(BlockAttribution) })
export type AttributionResponse = z.infer<typeof AttributionResponse>

/** One line of an activity feed: a closed version, told as "Priya changed …". */
export const ActivityEntry = z.object({
  docId: z.string(),
  docTitle: z.string(),
  version: VersionMeta,
  /** "Priya changed the acceptance metric in Spec v2". */
  text: z.string(),
})
export type ActivityEntry = z.infer<typeof ActivityEntry>
export const ActivityQuery = z.object({
  /** A nextBefore: `<ISO time>_<version id>` (or a bare ISO time). */
  before: z
    .string()
    .regex(/^[^_]+(_\d{1,15})?$/)
    .refine((s) => z.string().datetime().safeParse(s.split('_')[0]).success, 'not a page cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
/** `GET /api/docs/:id/activity`, `GET /api/projects/:id/activity` */
export const ActivityFeed = z.object({ entries: z.array(ActivityEntry), nextBefore: z.string().nullable() })
export type ActivityFeed = z.infer<typeof ActivityFeed>

/** Workspace setting: thin automatic versions older than this many days to one per day (null: keep all). */
export const HistoryRetention = z.object({ thinAfterDays: z.number().int().min(1).max(3650).nullable() })
export type HistoryRetention = z.infer<typeof HistoryRetention>

/**
 * `POST /api/docs/:id/edit-times`: a client that edited offline says when, once the server has
 * acknowledged those updates. One span per run of its own clocks (`client` is the Y.Doc's
 * clientID, clocks end-exclusive) with the local times of its first and last edit, in ms.
 */
export const EditTimeSpan = z
  .object({
    client: z.number().int().min(0).max(0xffffffff),
    clockStart: z.number().int().min(0),
    clockEnd: z.number().int().positive(),
    editedFrom: z.number().int().positive(),
    editedTo: z.number().int().positive(),
  })
  .refine((s) => s.clockEnd > s.clockStart, 'clockEnd must be after clockStart')
  .refine((s) => s.editedTo >= s.editedFrom, 'editedTo must not be before editedFrom')
export type EditTimeSpan = z.infer<typeof EditTimeSpan>
export const EditTimesBody = z.object({ spans: z.array(EditTimeSpan).min(1).max(EDIT_TIME_LIMITS.maxEditTimeSpans) })
/** How many spans matched updates this user wrote (`recorded`); the rest are ignored (not theirs, or too old to find). */
export const EditTimesResult = z.object({ recorded: z.number().int(), ignored: z.number().int() })
export type EditTimesResult = z.infer<typeof EditTimesResult>

import { z } from 'zod'
import { DOC_ID_PATTERN } from '../limits.ts'
import { ProjectDetail } from './workspaces.ts'

/** REST shapes of the project hub (server/hub/routes.ts): pages, templates, activity, search, deleted pages. */

/** `POST /api/projects/:projectId/docs`. */
export const CreateDoc = z.object({
  title: z.string().trim().max(200).default(''),
  parentId: z.string().max(64).nullable().default(null),
  /** A built-in template key, or the id of a document marked as a template. */
  template: z.string().max(64).optional(),
})
export type CreateDoc = z.infer<typeof CreateDoc>

/** `PATCH /api/projects/:projectId`: what is not named stays. */
export const UpdateProject = z.object({ name: z.string().trim().min(1).max(120).optional(), description: z.string().max(2000).optional() })
export type UpdateProject = z.infer<typeof UpdateProject>

/** `PUT /api/docs/:id/template`. */
export const SetTemplate = z.object({ isTemplate: z.boolean() })
export type SetTemplate = z.infer<typeof SetTemplate>

/** `GET /api/workspaces/:workspaceId/search?q=`. */
export const SearchQuery = z.object({ q: z.string().trim().min(1).max(100) })
export type SearchQuery = z.infer<typeof SearchQuery>

/** `GET /api/projects/:projectId/activity?days=`: 1–90 days, 14 when absent or not a number. */
export const ActivityQuery = z.object({ days: z.string().optional().catch(undefined) })
export type ActivityQuery = z.infer<typeof ActivityQuery>

/** A page of a project as the hub lists it. Timestamps are ISO strings. */
export const HubDoc = z.object({
  id: z.string(),
  title: z.string(),
  parentId: z.string().nullable(),
  /** Its order among its siblings (a fractional index). */
  position: z.string(),
  /** In the trash since then, or null. */
  archivedAt: z.string().nullable(),
  isTemplate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type HubDoc = z.infer<typeof HubDoc>

/** A project as its hub shows it: `GET /api/projects/:id` (workspaces) and the hub's `PATCH` answer the same shape. */
export const ProjectInfo = ProjectDetail
export type ProjectInfo = ProjectDetail

/** Consecutive edits by one person to one page, folded into one entry. */
export const ActivityItem = z.object({
  docId: z.string(),
  title: z.string(),
  userId: z.string(),
  userName: z.string(),
  updates: z.number().int(),
  from: z.string(),
  to: z.string(),
})
export type ActivityItem = z.infer<typeof ActivityItem>

/** `GET /api/docs/:id/backlinks`: live pages linking here that the caller may read. */
export const Backlink = z.object({ id: z.string(), title: z.string() })
export type Backlink = z.infer<typeof Backlink>

export const TemplateInfo = z.object({
  /** A built-in key ('project-spec') or a template document's id. */
  key: z.string(),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
})
export type TemplateInfo = z.infer<typeof TemplateInfo>

export const SearchHit = z.object({ id: z.string(), title: z.string(), projectId: z.string().nullable(), projectName: z.string() })
export type SearchHit = z.infer<typeof SearchHit>

/** `DELETE /api/docs/:id` (from the trash): kept, restorable by owners, until `purgeAfter`. */
export const DeletedForGood = z.object({ ok: z.literal(true), purgeAfter: z.string() })
export type DeletedForGood = z.infer<typeof DeletedForGood>

/** `GET /api/workspaces/:workspaceId/deleted` (owners). */
export const DeletedPageView = z.object({
  id: z.string(),
  title: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  deletedAt: z.string(),
  deletedBy: z.string(),
  purgeAfter: z.string(),
})
export type DeletedPageView = z.infer<typeof DeletedPageView>

/** `POST /api/workspaces/:workspaceId/deleted/:docId/restore`: the page, live again. */
export const RestoredPage = z.object({
  id: z.string(),
  title: z.string(),
  projectId: z.string().nullable(),
  parentId: z.string().nullable(),
  archivedAt: z.string().nullable(),
})
export type RestoredPage = z.infer<typeof RestoredPage>

export const DeletedParams = z.object({ workspaceId: z.string().min(1).max(64), docId: z.string().regex(DOC_ID_PATTERN).optional() })
export type DeletedParams = z.infer<typeof DeletedParams>

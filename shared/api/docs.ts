import { z } from 'zod'
import { ROLES } from '../auth/roles.ts'
import { DOC_ID_PATTERN } from '../limits.ts'

export const DocIdParams = z.object({
  id: z.string().regex(DOC_ID_PATTERN, 'document ids are 1–64 characters of A–Z, a–z, 0–9, _ and -'),
})

/** `GET /api/docs/:id`: what the server knows about a document without loading it. */
export const DocMeta = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Number of the last committed update. */
  lastSeq: z.number().int(),
  /** Snapshot plus uncompacted log, in bytes. */
  sizeBytes: z.number().int(),
  /** Whether the document is loaded in memory right now, and how many sockets are on it. */
  live: z.object({ loaded: z.boolean(), connections: z.number().int() }),
  /** The caller's role on the document: the client makes the editor read-only below editor. */
  role: z.enum(ROLES),
  projectId: z.string().nullable(),
})
export type DocMeta = z.infer<typeof DocMeta>

/** A ProseMirror-style JSON node, as Tiptap's `editor.getJSON()` would return. */
export interface JsonNode {
  type: string
  attrs?: Record<string, unknown>
  content?: JsonNode[]
  text?: string
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

export const JsonNodeSchema: z.ZodType<JsonNode> = z.lazy(() =>
  z.object({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(JsonNodeSchema).optional(),
    text: z.string().optional(),
    marks: z.array(z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() })).optional(),
  }),
)

/** `GET /api/docs/:id/content`: the document as JSON. */
export const DocContent = z.object({
  id: z.string(),
  lastSeq: z.number().int(),
  content: JsonNodeSchema,
})
export type DocContent = z.infer<typeof DocContent>

/** `GET /api/health`, public: up, which version, for how long. */
export const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeSeconds: z.number(),
})
export type Health = z.infer<typeof Health>

/** `GET /api/health/details`, workspace owners only: how busy the server is. */
export const HealthDetails = Health.extend({
  rooms: z.number().int(),
  connections: z.number().int(),
})
export type HealthDetails = z.infer<typeof HealthDetails>

import type { JsonNode } from '../api/docs.ts'
import { ML_TEMPLATES } from './ml.ts'
import { projectSpec } from './project-spec.ts'

/**
 * Built-in templates, defined in code. A workspace adds its own by marking a document as a
 * template; both are instantiated the same way: the content is copied into a fresh document with
 * no shared history. New kinds (the ML templates) are one file each, added to this list.
 */
export interface BuiltInTemplate {
  /** Stable key used by the API: `POST /api/projects/:id/docs { template: key }`. */
  key: string
  name: string
  description: string
  /** The new document's title in the tree. */
  title: string
  content: JsonNode[]
}

export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [projectSpec, ...ML_TEMPLATES]

export const builtInTemplate = (key: string): BuiltInTemplate | undefined => BUILT_IN_TEMPLATES.find((t) => t.key === key)

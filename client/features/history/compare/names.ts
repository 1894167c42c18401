import type { JsonNode } from '#shared/api/docs'
import { TASK_NODE } from '#shared/blocks/task'
import type { Names } from './wording.ts'

/**
 * Who and what the ids in a diff are. People: the workspace's members when the page has them
 * (the task environment), else the versions' authors. Tasks: the two versions' own task blocks
 * first (a dependency removed in this change may be gone from the index), then the project index.
 */
export function buildNames(input: {
  docs: readonly JsonNode[]
  people: readonly { userId: string; name: string }[]
  tasks?: ReadonlyMap<string, { title: string }>
}): Names {
  const people = new Map(input.people.map((p) => [p.userId, p.name]))
  const tasks = new Map<string, string>()
  for (const doc of input.docs) collectTasks(doc, tasks)
  return {
    user: (id) => people.get(id),
    task: (id) => tasks.get(id) || input.tasks?.get(id)?.title || undefined,
  }
}

function collectTasks(node: JsonNode, into: Map<string, string>): void {
  if (node.type === TASK_NODE && typeof node.attrs?.id === 'string') {
    const title = (node.content ?? [])
      .map((c) => c.text ?? '')
      .join('')
      .trim()
    if (title) into.set(node.attrs.id, title)
    return
  }
  for (const child of node.content ?? []) collectTasks(child, into)
}

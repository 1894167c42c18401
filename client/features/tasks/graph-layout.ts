import { Graph, layout } from '@dagrejs/dagre'

export const NODE_W = 216
export const NODE_H = 58

export interface LaidOut {
  width: number
  height: number
  nodes: Map<string, { x: number; y: number }>
  edges: Array<{ from: string; to: string; points: Array<{ x: number; y: number }> }>
}

/**
 * Left-to-right layered layout (dependencies on the left, what they unblock to the right) by
 * dagre; see docs/decisions/0002-graph-layout.md. Cycles are fine: dagre reverses an edge of each
 * for ranking and draws it back.
 */
export function layoutTasks(ids: readonly string[], edges: ReadonlyArray<{ from: string; to: string }>): LaidOut {
  const g = new Graph({ multigraph: false })
  g.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 64, edgesep: 12, marginx: 16, marginy: 16 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const id of ids) g.setNode(id, { width: NODE_W, height: NODE_H })
  for (const e of edges) if (e.from !== e.to) g.setEdge(e.from, e.to)
  layout(g)
  const nodes = new Map<string, { x: number; y: number }>()
  for (const id of ids) {
    const n = g.node(id) as { x: number; y: number }
    nodes.set(id, { x: n.x, y: n.y })
  }
  const laid = edges
    .filter((e) => e.from !== e.to)
    .map((e) => ({
      ...e,
      points: ((g.edge(e.from, e.to) as { points?: Array<{ x: number; y: number }> } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y })),
    }))
  const size = g.graph() as { width?: number; height?: number }
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges: laid }
}

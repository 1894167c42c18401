import { useMemo } from 'react'
import type { MemberView } from '../../lib/api-types.ts'
import { navigate } from '../../lib/router.ts'
import { shortDate, taskHref } from '../../blocks/task/api.ts'
import type { GraphView } from './api.ts'
import { layoutTasks, NODE_H, NODE_W } from './graph-layout.ts'

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/**
 * The dependency graph, laid out by dagre and drawn as SVG: arrows go from a dependency to what
 * it unblocks; the critical path is drawn thick in the accent colour, tasks in a cycle in red with
 * dashed edges. Clicking a task opens it in its document.
 */
export function TaskGraph({ graph, members }: { graph: GraphView; members: readonly MemberView[] | undefined }) {
  const laid = useMemo(
    () =>
      layoutTasks(
        graph.nodes.map((n) => n.id),
        graph.edges,
      ),
    [graph.nodes, graph.edges],
  )
  const critical = new Set(graph.criticalPath)
  const criticalEdges = new Set(graph.criticalPath.slice(1).map((id, i) => `${graph.criticalPath[i]}>${id}`))
  const inCycle = new Set(graph.cycles.flat())
  if (graph.nodes.length === 0) return <p className="tasks-empty">No tasks yet, so no graph.</p>
  return (
    <div className="graph" data-testid="task-graph">
      <div className="graph__legend">
        <span>
          <i className="graph__key graph__key--critical" /> Critical path
        </span>
        <span>
          <i className="graph__key graph__key--cycle" /> Cycle
        </span>
        <span>
          <i className="graph__key graph__key--done" /> Done
        </span>
        <span className="tasks-muted">Arrows point from a dependency to the task it unblocks.</span>
      </div>
      <div className="graph__scroll">
        <svg width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`} role="img" aria-label="Task dependency graph">
          <defs>
            {(['plain', 'critical', 'cycle'] as const).map((k) => (
              <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className={`graph__arrow graph__arrow--${k}`} />
              </marker>
            ))}
          </defs>
          {laid.edges.map((e) => {
            const kind = criticalEdges.has(`${e.from}>${e.to}`) ? 'critical' : inCycle.has(e.from) && inCycle.has(e.to) ? 'cycle' : 'plain'
            const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')
            return (
              <path
                key={`${e.from}>${e.to}`}
                d={d}
                className={`graph__edge graph__edge--${kind}`}
                markerEnd={`url(#arrow-${kind})`}
                data-testid={`graph-edge-${kind}`}
              />
            )
          })}
          {graph.nodes.map((t) => {
            const p = laid.nodes.get(t.id)!
            const x = p.x - NODE_W / 2
            const y = p.y - NODE_H / 2
            const who = t.assignee ? members?.find((m) => m.userId === t.assignee)?.name : null
            const classes = [
              'graph__node',
              `graph__node--${t.status}`,
              critical.has(t.id) ? 'graph__node--critical' : '',
              inCycle.has(t.id) ? 'graph__node--cycle' : '',
            ].join(' ')
            return (
              <g
                key={t.id}
                className={classes}
                transform={`translate(${x},${y})`}
                onClick={() => navigate(taskHref(t))}
                role="link"
                tabIndex={0}
                onKeyDown={(e) => e.key === 'Enter' && navigate(taskHref(t))}
                data-testid="graph-node"
                data-task-id={t.id}
                data-critical={critical.has(t.id)}
                data-cycle={inCycle.has(t.id)}
              >
                <title>{t.title}</title>
                <rect width={NODE_W} height={NODE_H} rx="9" className="graph__box" />
                <circle cx="14" cy="19" r="4.5" className={`graph__status graph__status--${t.status}`} />
                <text x="26" y="23" className="graph__title">
                  {clip(t.title || 'Untitled task', 26)}
                </text>
                <text x="14" y="44" className="graph__sub">
                  {[
                    t.estimate !== null ? `${t.estimate}d` : null,
                    t.due ? `due ${shortDate(t.due)}` : null,
                    who ? clip(who, 14) : null,
                    inCycle.has(t.id) ? '↻ cycle' : null,
                  ]
                    .filter(Boolean)
                    .join(' · ') || 'No estimate'}
                </text>
              </g>
            )
          })}
        </svg>
      </div>
    </div>
  )
}

import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { parseTaskAttrs } from '#shared/blocks/task'
import { planJira } from '#shared/import/jira/plan'
import { parseJiraCsv } from '#shared/import/jira/parse'
import { analyse } from '#shared/tasks/graph'

// The committed 500-issue Jira export (test/fixtures/import/jira/generate.ts writes it).
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/import/jira/jira-500.csv')
const members = [
  { id: 'u-ada', email: 'ada@keel.local', name: 'Ada Lovelace' },
  { id: 'u-grace', email: 'grace@keel.local', name: 'Grace Hopper' },
  { id: 'u-linus', email: 'linus@keel.local', name: 'Linus Torvalds' },
]
const tasksOf = (content: JsonNode[]) => content.filter((n) => n.type === 'task')

describe('the Jira fixture', () => {
  it('reads the 500-issue fixture', () => {
    const { issues, problems } = parseJiraCsv(fs.readFileSync(FIXTURE, 'utf8'))
    expect(issues.length).toBe(500)
    expect(problems.filter((p) => p.level === 'error')).toEqual([])
    expect(issues.filter((i) => i.type === 'Epic').length).toBe(6)
    expect(issues.some((i) => i.sprints.length === 2)).toBe(true)
  })
  it('turns the 500-issue fixture into an acyclic task graph with blocked tasks and a critical path', () => {
    const { issues } = parseJiraCsv(fs.readFileSync(FIXTURE, 'utf8'))
    const plan = planJira(issues, { groupBy: 'epic', members })
    expect(new Set(plan.pages.map((p) => p.title))).toEqual(
      new Set(['Data collection', 'Label audit', 'Feature pipeline', 'Model training', 'Offline evaluation', 'Batch scoring rollout']),
    )
    const tasks = plan.pages.flatMap((p) => tasksOf(p.content)).map((t) => ({ ...parseTaskAttrs(t.attrs ?? {}), title: String(t.content?.[0]?.text) }))
    expect(tasks.length).toBe(494)
    expect(plan.dependencies).toBeGreaterThan(100)
    const graph = analyse(
      tasks.map((t) => ({ id: t.id!, status: t.status, stage: t.stage, deps: t.deps, estimate: t.estimate, due: t.due })),
      '2026-06-01',
    )
    expect(graph.cycles).toEqual([])
    expect(graph.missing.size).toBe(0)
    expect(graph.blockers.size).toBeGreaterThan(0)
    expect(graph.criticalPath.length).toBeGreaterThan(2)
  })
})

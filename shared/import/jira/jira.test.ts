import { describe, expect, it } from 'vitest'
import { parseTaskAttrs } from '../../blocks/task.ts'
import type { JsonNode } from '../../api/docs.ts'
import { planJira } from './plan.ts'
import { parseJiraCsv } from './parse.ts'
import { estimateDays, jiraDay, parseJiraDate } from './values.ts'

const members = [
  { id: 'u-ada', email: 'ada@keel.local', name: 'Ada Lovelace' },
  { id: 'u-grace', email: 'grace@keel.local', name: 'Grace Hopper' },
  { id: 'u-linus', email: 'linus@keel.local', name: 'Linus Torvalds' },
]
const tasksOf = (content: JsonNode[]) => content.filter((n) => n.type === 'task')

describe('Jira CSV values', () => {
  it('reads the date formats Jira writes, and refuses impossible dates', () => {
    expect(jiraDay('12/Mar/24 3:15 PM')).toBe('2024-03-12')
    expect(parseJiraDate('12/Mar/24 3:15 PM')).toBe(Date.UTC(2024, 2, 12, 15, 15))
    expect(parseJiraDate('12/Mar/24 12:05 AM')).toBe(Date.UTC(2024, 2, 12, 0, 5))
    expect(jiraDay('2024-03-12 15:15')).toBe('2024-03-12')
    expect(jiraDay('31/Feb/24')).toBeNull()
    expect(jiraDay('next week')).toBeNull()
    expect(jiraDay('')).toBeNull()
  })

  it('converts Original Estimate seconds to days of eight hours', () => {
    expect(estimateDays('28800')).toBe(1)
    expect(estimateDays('7200')).toBe(0.3)
    expect(estimateDays('144000')).toBe(5)
    expect(estimateDays('')).toBeNull()
    expect(estimateDays('2h')).toBeNull()
  })
})

describe('parseJiraCsv', () => {
  it('reads repeated columns, multi-line cells and a BOM', () => {
    const csv =
      '\uFEFFSummary,Issue key,Issue id,Status,Labels,Labels,Sprint,Sprint,Description,Inward issue link (Blocks),Inward issue link (Blocks),Unknown thing\r\n' +
      'Label audit,ML-2,2,In Progress,data,ml,Sprint 1,Sprint 2,"line one\nline, two ""quoted""",ML-1,ML-3,x\r\n'
    const { issues, problems, ignoredColumns } = parseJiraCsv(csv)
    expect(problems).toEqual([])
    expect(ignoredColumns).toEqual(['Unknown thing'])
    expect(issues[0]).toMatchObject({
      key: 'ML-2',
      labels: ['data', 'ml'],
      sprints: ['Sprint 1', 'Sprint 2'],
      description: 'line one\nline, two "quoted"',
      blockedBy: ['ML-1', 'ML-3'],
    })
  })

  it('says clearly when the file is not a Jira export, and creates nothing', () => {
    expect(parseJiraCsv('Name,Email\nAda,ada@x\n')).toMatchObject({
      issues: [],
      problems: [{ level: 'error', message: 'Not a Jira CSV export: no "Summary" and "Issue key" column.' }],
    })
    expect(parseJiraCsv('')).toMatchObject({ issues: [], problems: [{ level: 'error' }] })
  })

  it('skips rows without key or summary and repeated keys, naming their lines; missing columns are just empty', () => {
    const { issues, problems } = parseJiraCsv('Summary,Issue key\nA,K-1\n,K-2\nB,\nC,K-1\nShort row only\n')
    expect(issues.map((i) => i.key)).toEqual(['K-1'])
    expect(issues[0]).toMatchObject({ status: '', assignee: '', due: null, estimateDays: null, labels: [], sprints: [] })
    expect(problems.map((p) => [p.row, p.message])).toEqual([
      [3, 'Skipped: no summary.'],
      [4, 'Skipped: no issue key.'],
      [5, 'Skipped: K-1 appears twice; the first row is kept.'],
      [6, 'Skipped: no issue key.'],
    ])
  })
})

describe('planJira', () => {
  const csv = [
    'Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Due date,Original Estimate,Labels,Sprint,Parent id,Outward issue link (Blocks),Inward issue link (Blocks)',
    'Training,ML-1,1,Epic,In Progress,High,,,,,,,,',
    'Collect events,ML-2,2,Task,Done,High,ada@keel.local,12/Mar/26,28800,data,S1,1,ML-3,',
    'Train baseline,ML-3,3,Story,In Progress,Medium,Grace Hopper,,57600,training,S2,1,,',
    'Evaluate,ML-4,4,Story,Blocked on vendor,Low,someone@else.com,,,evaluation,,1,,ML-3',
    'Loose end,ML-5,5,Bug,To Do,,,,,,,,,ML-99',
    'Sub of story,ML-6,6,Sub-task,To Do,,,,,,S2,3,ML-4,ML-4',
  ].join('\n')

  it('makes one page per epic with task blocks whose fields the indexer accepts', () => {
    const plan = planJira(parseJiraCsv(csv).issues, { groupBy: 'epic', members })
    expect(plan.pages.map((p) => [p.sourceId, p.title, p.tasks])).toEqual([
      ['jira:epic:ML-1', 'Training', ['jira-ML-2', 'jira-ML-3', 'jira-ML-4', 'jira-ML-6']],
      ['jira:no-epic', 'No epic', ['jira-ML-5']],
    ])
    const [collect, train, evaluate] = tasksOf(plan.pages[0]!.content).map((t) => parseTaskAttrs(t.attrs ?? {}))
    expect(collect).toMatchObject({
      id: 'jira-ML-2',
      status: 'done',
      assignee: 'u-ada',
      due: '2026-03-12',
      estimate: 1,
      priority: 'high',
      stage: 'data',
      deps: [],
    })
    expect(train).toMatchObject({ status: 'in_progress', assignee: 'u-grace', estimate: 2, stage: 'training', deps: ['jira-ML-2'] })
    expect(evaluate).toMatchObject({ status: 'todo', assignee: null, stage: 'evaluation', deps: expect.arrayContaining(['jira-ML-3']) as string[] })
    expect(plan.statuses.find((s) => s.name === 'Blocked on vendor')).toEqual({ name: 'Blocked on vendor', count: 1, mapsTo: null })
  })

  it('groups by current sprint when asked, with the rest in Backlog', () => {
    const plan = planJira(parseJiraCsv(csv).issues, { groupBy: 'sprint', members })
    expect(plan.pages.map((p) => p.title)).toEqual(['Backlog', 'S1', 'S2'])
  })

  it('uses the edited status table', () => {
    const plan = planJira(parseJiraCsv(csv).issues, { groupBy: 'epic', members, statusMap: { 'blocked on vendor': 'in_progress' } })
    expect(tasksOf(plan.pages[0]!.content).map((t) => t.attrs?.status)).toEqual(['done', 'in_progress', 'in_progress', 'todo'])
  })

  it('drops links out of the file and the link that closes a cycle, and reports each', () => {
    const plan = planJira(parseJiraCsv(csv).issues, { groupBy: 'epic', members })
    const messages = plan.problems.map((p) => `${p.key}: ${p.message}`)
    expect(messages).toContain('ML-5: Link to ML-99 dropped: it is not in this export.')
    expect(plan.problems.map((p) => p.message)).toContain('Assignee "someone@else.com" is not a member of the project; their issue is left unassigned.')
    expect(messages.filter((m) => m.includes('would close a cycle'))).toHaveLength(1)
    // ML-6 ⇄ ML-4 was a two-way block: one direction survives.
    const deps = new Map(tasksOf(plan.pages[0]!.content).map((t) => [t.attrs?.id as string, t.attrs?.deps as string[]]))
    expect([deps.get('jira-ML-6')!.includes('jira-ML-4'), deps.get('jira-ML-4')!.includes('jira-ML-6')].filter(Boolean)).toHaveLength(1)
  })
})

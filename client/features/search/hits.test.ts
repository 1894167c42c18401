import { describe, expect, it } from 'vitest'
import type { FullTextHit } from '#shared/api/search'
import { groupHits, hitHref } from './hits.ts'

const hit = (kind: FullTextHit['kind'], snippet: string, extra: Partial<FullTextHit> = {}): FullTextHit => ({
  kind,
  docId: 'd1',
  blockId: null,
  title: 'Rollout plan',
  snippet,
  projectId: 'p1',
  updatedAt: 0,
  ...extra,
})

describe('search hits as shown', () => {
  it('groups by what matched and drops the title heading that echoes the page hit', () => {
    const groups = groupHits([
      hit('page', ''),
      hit('text', '\u0002Rollout\u0003 plan'),
      hit('text', 'The \u0002rollout\u0003 starts Monday'),
      hit('task', 'Write \u0002rollout\u0003 notes', { blockId: 't1' }),
      hit('comment', 'ship the \u0002rollout\u0003?', { docId: 'd2' }),
    ])
    expect(groups.map((g) => [g.label, g.hits.length])).toEqual([
      ['Pages', 2],
      ['Tasks', 1],
      ['Comments', 1],
    ])
    expect(groupHits([hit('text', '\u0002Rollout\u0003 plan')])[0]!.hits).toHaveLength(1)
  })

  it('links a task to its #task- anchor and other blocks to #block-', () => {
    expect(hitHref(hit('task', '', { blockId: 't1' }))).toBe('/d/d1#task-t1')
    expect(hitHref(hit('run', '', { blockId: 'log1' }))).toBe('/d/d1#block-log1')
  })
})

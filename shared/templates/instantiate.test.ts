import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { BUILT_IN_TEMPLATES } from './index.ts'
import { instantiate } from './instantiate.ts'

const ids = (nodes: readonly JsonNode[], out: string[] = []): string[] => {
  for (const n of nodes) {
    if (typeof n.attrs?.id === 'string') out.push(n.attrs.id)
    ids(n.content ?? [], out)
  }
  return out
}

describe('template instantiation', () => {
  it("gives every block a fresh id per use and rewires references between the template's blocks", () => {
    let n = 0
    const next = () => `fresh${++n}`
    const card = BUILT_IN_TEMPLATES.find((t) => t.key === 'model-card')!
    const a = instantiate(card.content, next)
    const b = instantiate(card.content, next)
    expect(ids(a)).toEqual(['fresh1', 'fresh2'])
    expect(ids(b)).toEqual(['fresh3', 'fresh4'])
    const cardNode = a.find((x) => x.type === 'modelCard')!
    const logNode = a.find((x) => x.type === 'experimentLog')!
    expect(cardNode.attrs!.runsBlock).toBe(logNode.attrs!.id)
    // The template itself is untouched.
    expect(ids(card.content)).toEqual(['card', 'runs'])
  })

  it('keeps task dependencies inside the template and outside references as they are', () => {
    const content: JsonNode[] = [
      { type: 'task', attrs: { id: 'collect' }, content: [{ type: 'text', text: 'Collect' }] },
      { type: 'task', attrs: { id: 'train', deps: ['collect', 'elsewhere-task'] }, content: [{ type: 'text', text: 'Train' }] },
    ]
    const out = instantiate(
      content,
      (() => {
        let i = 0
        return () => `t${++i}`
      })(),
    )
    expect(out[1]!.attrs).toEqual({ id: 't2', deps: ['t1', 'elsewhere-task'] })
  })

  it('every built-in template has a unique key, a name and content', () => {
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.key)).size).toBe(BUILT_IN_TEMPLATES.length)
    expect(BUILT_IN_TEMPLATES.map((t) => t.key)).toEqual([
      'project-spec',
      'experiment-log',
      'hyperparameter-sweep',
      'deployment-checklist',
      'model-card',
      'inference-report',
      'troubleshooting-runbook',
    ])
    for (const t of BUILT_IN_TEMPLATES) expect(t.content.length).toBeGreaterThan(2)
  })
})

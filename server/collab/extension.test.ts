import { describe, expect, it } from 'vitest'
import { DocPipeline } from './extension.ts'
import type { Room } from './room.ts'

const room = { id: 'd1' } as Room

describe('DocPipeline', () => {
  it('runs hooks in registration order and isolates a failing extension', () => {
    const seen: string[] = []
    const errors: string[] = []
    const pipeline = new DocPipeline((_err, name, hook, docId) => errors.push(`${name}.${hook}@${docId}`))
    pipeline.use({ name: 'hub', afterCommit: () => void seen.push('hub') })
    pipeline.use({
      name: 'broken',
      afterCommit: () => {
        throw new Error('boom')
      },
    })
    pipeline.use({ name: 'tasks', afterCommit: () => void seen.push('tasks'), onLoad: () => void seen.push('tasks.load') })
    pipeline.run('afterCommit', room)
    pipeline.run('onLoad', room)
    expect(seen).toEqual(['hub', 'tasks', 'tasks.load'])
    expect(errors).toEqual(['broken.afterCommit@d1'])
    expect(pipeline.names).toEqual(['hub', 'broken', 'tasks'])
  })

  it('refuses a second extension with the same name', () => {
    const pipeline = new DocPipeline(() => {})
    pipeline.use({ name: 'hub' })
    expect(() => pipeline.use({ name: 'hub' })).toThrow(/registered twice/)
  })
})

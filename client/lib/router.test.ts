import { describe, expect, it } from 'vitest'
import { blockHref, importPagePath, matchRoute, searchPath } from './router.ts'

describe('matchRoute: a project and the pages below it', () => {
  it('matches the hub, tasks, runs and the import page', () => {
    expect(matchRoute('/w/ws1/p/pr1')).toEqual({ kind: 'hub', workspaceId: 'ws1', projectId: 'pr1' })
    expect(matchRoute('/w/ws1/p/pr1/tasks')).toEqual({ kind: 'tasks', workspaceId: 'ws1', projectId: 'pr1' })
    expect(matchRoute('/w/ws1/p/pr1/runs/')).toEqual({ kind: 'runs', workspaceId: 'ws1', projectId: 'pr1' })
    expect(matchRoute(importPagePath('ws1', 'pr1'))).toEqual({ kind: 'import', workspaceId: 'ws1', projectId: 'pr1' })
  })

  it('refuses bad ids and unknown pages', () => {
    expect(matchRoute('/w/ws%20x/p/pr1/import')).toEqual({ kind: 'not-found' })
    expect(matchRoute('/w/ws1/p/%E0%A4%A/tasks')).toEqual({ kind: 'not-found' })
    expect(matchRoute('/w/ws1/p/pr1/other')).toEqual({ kind: 'not-found' })
  })
})

describe('search links', () => {
  it('matches the results page and links hits to their block', () => {
    expect(matchRoute('/search')).toEqual({ kind: 'search' })
    expect(searchPath('f1 & "resnet"')).toBe('/search?q=f1%20%26%20%22resnet%22')
    expect(blockHref('doc-1', 'task-9', 'task')).toBe('/d/doc-1#task-task-9')
    expect(blockHref('doc-1', 'log 1', 'run')).toBe('/d/doc-1#block-log%201')
    expect(blockHref('doc-1', null, 'text')).toBe('/d/doc-1')
  })
})

import { describe, expect, it } from 'vitest'
import { filterSlashItems } from '../../editor/slash-menu.tsx'
import { historyStore } from './history-store.ts'
import { NAME_VERSION_SLASH_ITEM } from './DocumentHistory.tsx'

describe('"Name this version" in the slash menu', () => {
  it('is listed only when the page adds it, found by its words, and opens the name dialog', () => {
    expect(filterSlashItems('name').some((i) => i.id === 'name-version')).toBe(false)
    const found = filterSlashItems('version', [NAME_VERSION_SLASH_ITEM])
    expect(found.map((i) => i.id)).toContain('name-version')
    expect(filterSlashItems('snapshot', [NAME_VERSION_SLASH_ITEM]).map((i) => i.id)).toEqual(['name-version'])
    // Text blocks stay first: the page's items come last.
    expect(filterSlashItems('', [NAME_VERSION_SLASH_ITEM]).at(-1)?.id).toBe('name-version')
    NAME_VERSION_SLASH_ITEM.run(null as never)
    expect(historyStore.get().naming).toEqual({ vid: null, name: '' })
  })
})

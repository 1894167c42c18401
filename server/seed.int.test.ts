import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { titleOf } from '#shared/doc/fragment'
import { buildTree, readNodes } from '#shared/hub/tree'
import { linkedRuns, MODEL_CARD_BLOCK, prefill, readRunLinks } from '#shared/ml/model-card'
import type { Run } from '#shared/ml/runs'
import { connectClient, startServer } from './test/harness.ts'

type Json = Record<string, unknown>

describe('the demo seed', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('every page shows one name (tree, row, heading), and the model card is linked to the experiment log’s best run', async () => {
    const server = await startServer({ seed: true })
    cleanups.push(server.close)
    const db = new Database(path.join(server.dir, 'keel.db'), { readonly: true })
    cleanups.push(() => db.close())
    const { workspaceId } = db.prepare(`SELECT id AS workspaceId FROM workspaces WHERE name = 'Demo workspace'`).get() as { workspaceId: string }
    const { projectId, treeDocId } = db.prepare('SELECT id AS projectId, tree_doc_id AS treeDocId FROM projects WHERE workspace_id = ?').get(workspaceId) as {
      projectId: string
      treeDocId: string
    }
    const reader = server.fixture.user('Reader', 'owner', { workspaceId })
    const get = async (p: string) => (await (await fetch(`${server.url}${p}`, { headers: { cookie: reader.cookie } })).json()) as Json & Json[]

    const tree = connectClient(server.wsUrl, treeDocId, { cookie: reader.cookie })
    cleanups.push(tree.destroy)
    await tree.synced()
    const nodes = buildTree(readNodes(tree.doc)).byId
    const rows = (await get(`/api/projects/${projectId}/docs`)) as unknown as { id: string; title: string }[]
    expect(rows.map((r) => r.title).sort()).toEqual(['Churn experiments', 'Churn model v2 — spec', 'Model card: churn v2', 'Ship checklist: churn v2'])
    for (const row of rows) {
      const content = (await get(`/api/docs/${row.id}/content`)).content as JsonNode
      expect({ page: row.title, heading: titleOf(content), tree: nodes.get(row.id)?.title }).toEqual({ page: row.title, heading: row.title, tree: row.title })
    }

    const runs = (await get(`/api/projects/${projectId}/runs`)) as unknown as (Run & { blockId: string })[]
    const cardRow = rows.find((r) => r.title === 'Model card: churn v2')!
    const card = connectClient(server.wsUrl, cardRow.id, { cookie: reader.cookie })
    cleanups.push(card.destroy)
    await card.synced()
    let cardId = ''
    let runsBlock: string | null = null
    card.doc
      .getXmlFragment('default')
      .toArray()
      .forEach((el) => {
        if ('nodeName' in el && el.nodeName === MODEL_CARD_BLOCK) {
          cardId = String(el.getAttribute('id'))
          runsBlock = (el.getAttribute('runsBlock') as string | undefined) ?? null
        }
      })
    const links = readRunLinks(card.doc, cardId)
    expect(links).toEqual([{ blockId: runs.find((r) => r.runId === 'gbm-800')!.blockId, runId: 'gbm-800' }])
    const live = prefill(linkedRuns(runs, runsBlock, links), 'val_f1')
    expect(live.metrics).toContain('Best run "GBM 800 trees" by val_f1')
    expect(live.trainingData).toBe('Runs used: churn v3.')
  })
  it('credits the demo content to Keel in every page’s history, never to a "Former member"', async () => {
    const server = await startServer({ seed: true })
    cleanups.push(server.close)
    const db = new Database(path.join(server.dir, 'keel.db'), { readonly: true })
    cleanups.push(() => db.close())
    const { workspaceId } = db.prepare(`SELECT id AS workspaceId FROM workspaces WHERE name = 'Demo workspace'`).get() as { workspaceId: string }
    const { projectId } = db.prepare('SELECT id AS projectId FROM projects WHERE workspace_id = ?').get(workspaceId) as { projectId: string }
    const reader = server.fixture.user('Reader', 'owner', { workspaceId })
    const get = async (p: string) => (await (await fetch(`${server.url}${p}`, { headers: { cookie: reader.cookie } })).json()) as Json
    const rows = (await get(`/api/projects/${projectId}/docs`)) as unknown as { id: string; title: string }[]
    for (const row of rows) {
      const { versions } = (await get(`/api/docs/${row.id}/versions`)) as { versions: { authors: { name: string }[] }[] }
      const names = versions.flatMap((v) => v.authors.map((a) => a.name))
      expect({ page: row.title, formerMembers: names.filter((n) => n === 'Former member') }).toEqual({ page: row.title, formerMembers: [] })
      // The spec is written by the seed alone; the other pages are made from templates by the demo owner (some then filled by the seed).
      if (row.title === 'Churn model v2 — spec') expect(names).toEqual(['Keel (demo content)'])
      const { blocks } = (await get(`/api/docs/${row.id}/attribution`)) as { blocks: { author: { name: string } | null }[] }
      expect(blocks.filter((b) => b.author?.name === 'Former member')).toEqual([])
    }
  })
})

// Over 300 lines on purpose (issue #18): one case, run twice (CSP as served, CSP bypassed), whose 60+ vectors share one
// child server, one Chromium and one count of executions; split, each file would start its own server and browser.
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TASK_NODE } from '#shared/blocks/task'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { CHECKLIST_BLOCK } from '#shared/ml/checklist'
import { EXPERIMENT_BLOCK, experimentsOf } from '#shared/ml/runs'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { connectClient, tempDir, waitFor } from '../../server/test/harness.ts'
import { editor, editorText, openDoc, waitForBadge, waitForText } from './app.ts'
import { addSessionCookie, launchBrowser, shotPath } from './browser.ts'
import { HTML_VECTORS, hostileHrefs, hrefIsSafe, type Path, TEXT_VECTORS, type Vector } from './xss-vectors.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/**
 * Hostile content, delivered three ways (paste, REST, raw Yjs updates), rendered in Chromium:
 * no payload may run, and every rendered link has a safe protocol. Every payload reports itself
 * with `__xss.push(<id>)`; `__xss` forwards to a Playwright binding, so a hit in any frame or
 * popup of the context is seen. Run twice: with the server's CSP (as shipped) and with the CSP
 * bypassed, so the sanitising itself is tested and CSP is only the second wall.
 */

describe('hostile content in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let token: string
  const data = tempDir()

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    browser = await launchBrowser()
    const { fixture } = server
    token = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'e2e-xss', scope: 'write' }).secret
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  async function api(method: string, p: string, body: unknown, auth: 'cookie' | 'token' = 'cookie'): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }
    if (auth === 'cookie') headers.cookie = server.fixture.owner.cookie
    else headers.authorization = `Bearer ${token}`
    const res = await fetch(`${server.url}${p}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }

  /** A signed-in context with the traps: execution binding, dialogs, popups, navigations; outside hosts blocked. */
  async function trappedPerson(bypassCSP: boolean) {
    const hits: string[] = []
    const dialogs: string[] = []
    const navigations: string[] = []
    const blocked: string[] = []
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP })
    await addSessionCookie(context, server.fixture.owner.cookie)
    await context.exposeBinding('__xssHit', ({ frame }, id: unknown) => {
      hits.push(`${String(id)} in ${frame.url().slice(0, 80)}`)
    })
    await context.addInitScript(() => {
      const w = window as unknown as { __xss: { push: (id: unknown) => void }; __xssHit?: (id: unknown) => void }
      w.__xss = { push: (id) => void w.__xssHit?.(id) }
    })
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(server.url) || url.startsWith(server.wsUrl)) return route.continue()
      blocked.push(url.slice(0, 120))
      return route.abort()
    })
    const popups: string[] = []
    const watch = (page: Page): void => {
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`)
        void d.dismiss()
      })
      page.on('framenavigated', (f) => navigations.push(f.url()))
      page.on('pageerror', (err) => {
        if (!/blocked a javascript: URL/.test(err.message)) console.error(`[page error] ${err.stack}`)
      })
    }
    const page = await context.newPage()
    watch(page)
    context.on('page', (p) => {
      watch(p)
      popups.push(p.url())
      p.on('framenavigated', (f) => popups.push(f.url()))
      // Long enough for a javascript: or data: URL to run; then gone, so popups do not pile up.
      setTimeout(() => void p.close().catch(() => {}), 1_000)
    })
    return { context, page, hits, dialogs, navigations, popups, blocked }
  }

  async function paste(page: Page, html: string, text: string): Promise<void> {
    await page.evaluate(
      ([h, t]) => {
        const root = document.querySelector('[data-testid="editor"] .ProseMirror') as HTMLElement
        root.focus()
        // Caret at the end of the document, so each paste lands in its own place.
        const sel = window.getSelection()!
        sel.selectAllChildren(root)
        sel.collapseToEnd()
        const dt = new DataTransfer()
        if (h) dt.setData('text/html', h)
        dt.setData('text/plain', t)
        root.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
      },
      [html, text] as const,
    )
  }

  /**
   * Hovers, focuses and clicks every link and element in the editor and the ML blocks. A link that
   * leaves for another web origin is clicked with its navigation cancelled (its handlers still run,
   * which is what could execute; reopening the page after each of 36 such links was most of this
   * suite's time); any other link gets a real click, and the page is reopened if it left.
   */
  async function poke(page: Page, url: string): Promise<number> {
    const origin = new URL(url).origin
    const links = page.locator('[data-testid="editor"] a')
    const n = await links.count()
    for (let i = 0; i < n; i++) {
      const link = links.nth(i)
      if (!(await link.isVisible().catch(() => false))) continue
      await link.hover({ timeout: 2_000 }).catch(() => {})
      // A page link is an in-app navigation to /d/<encoded id> (its href is checked below); clicking
      // each would reopen the document dozens of times.
      if ((await link.getAttribute('data-doc-link')) !== null) continue
      const external = await link
        .evaluate((a, o) => /^https?:$/.test((a as HTMLAnchorElement).protocol) && (a as HTMLAnchorElement).origin !== o, origin)
        .catch(() => false)
      if (external) {
        await link.evaluate((a) => {
          const cancel = (e: Event): void => e.preventDefault()
          window.addEventListener('click', cancel, { once: true })
          a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }))
          window.removeEventListener('click', cancel)
        })
        continue
      }
      await link.click({ timeout: 2_000, noWaitAfter: true }).catch(() => {})
      await page.waitForTimeout(30)
      if (page.url() !== url) {
        const left = page.url()
        await page.goto(url)
        await editor(page)
          .waitFor({ state: 'visible', timeout: 20_000 })
          .catch(async (err: unknown) => {
            await page.screenshot({ path: shotPath('xss-reopen-failed') })
            console.error(`reopen after clicking link ${i} (went to ${left}) failed: ${(await page.locator('body').innerText()).slice(0, 500)}`)
            throw err
          })
      }
    }
    // Every block and inline element gets the pointer and focus events a hover and a tab would
    // fire (mouseover/mouseenter/focus payloads), in one pass; then the real mouse sweeps the page.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-testid="editor"] .ProseMirror *')) {
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin']) {
          el.dispatchEvent(
            type.startsWith('focus')
              ? new FocusEvent(type, { bubbles: type === 'focusin' })
              : new MouseEvent(type, { bubbles: !type.endsWith('enter'), view: window }),
          )
        }
      }
    })
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 }
    for (let y = 0; y < height; y += viewport.height) {
      await page.evaluate((top) => window.scrollTo(0, top), y)
      for (let row = 10; row < viewport.height; row += 24) await page.mouse.move(viewport.width / 2 - 200 + ((row * 7) % 400), row)
    }
    await page.waitForTimeout(500)
    return n
  }

  async function assertSafeLinks(page: Page, origin: string): Promise<number> {
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((els) => els.map((a) => ({ raw: a.getAttribute('href') ?? '', resolved: (a as HTMLAnchorElement).href })))
    const unsafe = hrefs.filter((h) => !hrefIsSafe(h.resolved, origin))
    expect(unsafe, 'links with an unsafe protocol').toEqual([])
    return hrefs.length
  }

  for (const bypassCSP of [false, true]) {
    it(
      `${bypassCSP ? 'with the CSP bypassed' : 'with the CSP as served'}: 0 executions from 60+ vectors by paste, REST and raw Yjs; links are http(s), mailto or /d/ only`,
      { timeout: 300_000 },
      async () => {
        const vectors: Vector[] = []
        let nextId = bypassCSP ? 5000 : 1000
        const vector = (p: Path, what: string): number => {
          const id = nextId++
          vectors.push({ id, path: p, what })
          return id
        }
        const { fixture } = server

        // --- A document from the experiment-log template, its block id from the stored content.
        const created = await api('POST', `/api/projects/${fixture.projectId}/docs`, {
          template: 'experiment-log',
          title: `<img src=x onerror="__xss.push(${vector('rest', 'doc title img onerror')})">`,
        })
        expect(created.status).toBe(201)
        const docId = (created.json as { id: string }).id
        const content = await api('GET', `/api/docs/${docId}/content`, undefined)
        expect(content.status, JSON.stringify(content.json)).toBe(200)
        const findBlock = (node: unknown): string | null => {
          if (Array.isArray(node)) return node.reduce<string | null>((found, n) => found ?? findBlock(n), null)
          if (!node || typeof node !== 'object') return null
          const n = node as { type?: unknown; attrs?: { id?: unknown }; content?: unknown }
          if (n.type === EXPERIMENT_BLOCK && typeof n.attrs?.id === 'string') return n.attrs.id
          return findBlock(n.content)
        }
        const blockId = findBlock(content.json)
        expect(blockId).toBeTruthy()
        // A second page with a hostile title that the first links to (its title renders in the editor).
        const target = await api('POST', `/api/projects/${fixture.projectId}/docs`, {
          title: `"><svg onload=__xss.push(${vector('rest', 'linked doc title quote breakout')})>`,
        })
        const targetId = (target.json as { id: string }).id

        // --- (b) REST: task titles, run names, notes, params, tags, datasets, tracker URLs.
        for (const [what, tpl] of TEXT_VECTORS) {
          const res = await api('POST', `/api/docs/${docId}/tasks`, { title: tpl.replaceAll('$', `__xss.push(${vector('rest', `task title: ${what}`)})`) })
          expect(res.status, JSON.stringify(res.json)).toBe(201)
        }
        const runsPath = `/api/projects/${fixture.projectId}/experiments/${blockId}/runs`
        for (const [i, [what, tpl]] of TEXT_VECTORS.entries()) {
          const p = (label: string) => tpl.replaceAll('$', `__xss.push(${vector('rest', `run ${label}: ${what}`)})`)
          const res = await api(
            'POST',
            runsPath,
            {
              runId: `hostile-${i}`,
              name: p('name'),
              notes: p('notes'),
              params: { [`k${i}`]: p('param') },
              tags: [p('tag').slice(0, 50)],
              dataset: { name: p('dataset') },
              metrics: { val_f1: 0.5 + i / 100 },
              status: 'finished',
              trackerUrl: `https://tracker.test/r/${i}`,
            },
            'token',
          )
          expect(res.status, JSON.stringify(res.json)).toBeLessThan(300)
        }
        // Tracker URLs: hostile schemes are refused by the API; an http URL full of quotes is stored and must render inertly.
        for (const [k, { what }] of hostileHrefs(0).slice(0, 6).entries()) {
          const id = vector('rest', `trackerUrl ${what}`)
          const res = await api('POST', runsPath, { runId: `tracker-${id}`, trackerUrl: hostileHrefs(id)[k]!.href }, 'token')
          expect(res.status, what).toBe(400)
        }
        {
          const id = vector('rest', 'trackerUrl http with quotes')
          const res = await api(
            'POST',
            runsPath,
            { runId: `tracker-${id}`, trackerUrl: `https://tracker.test/"><img src=x onerror=__xss.push(${id})>` },
            'token',
          )
          expect(res.status).toBeLessThan(500)
        }

        // --- (c) Raw Yjs: straight into the document, past every schema the REST API applies.
        const client = connectClient(server.wsUrl, docId, { acks: true })
        await client.synced()
        const checklistId = 'bhostilechecklist'
        client.doc.transact(() => {
          const frag = client.doc.getXmlFragment(EDITOR_FRAGMENT)
          const para = (text: Y.XmlText, attrs: Record<string, string> = {}) => {
            const p = new Y.XmlElement('paragraph')
            frag.push([p])
            for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v)
            p.insert(0, [text])
          }
          for (const [k, { what }] of hostileHrefs(0).entries()) {
            const id = vector('yjs', `link mark href ${what}`)
            const t = new Y.XmlText()
            t.insert(0, `yjs link ${id}`, { link: { href: hostileHrefs(id)[k]!.href } })
            para(t)
          }
          {
            const id = vector('yjs', 'link mark with hostile target/rel/class/title')
            const t = new Y.XmlText()
            t.insert(0, `yjs attrs ${id}`, {
              link: {
                href: '/d/ok',
                target: `"><img src=x onerror=__xss.push(${id})>`,
                rel: `x" onmouseover="__xss.push(${id})`,
                class: `x" onclick="__xss.push(${id})`,
                title: `"><svg onload=__xss.push(${id})>`,
              },
            })
            para(t)
          }
          {
            const id = vector('yjs', 'paragraph with onclick/style attributes')
            const t = new Y.XmlText()
            t.insert(0, `yjs para ${id}`)
            para(t, { onclick: `__xss.push(${id})`, onmouseover: `__xss.push(${id})`, style: `background:url(javascript:__xss.push(${id}))` })
          }
          for (const [name, attrs] of [
            ['img', { src: 'x', onerror: '$' }],
            ['script', { src: 'data:text/javascript,$' }],
            ['iframe', { srcdoc: '<script>parent.$</script>' }],
            ['svg', { onload: '$' }],
          ] as const) {
            const id = vector('yjs', `unknown element <${name}>`)
            const el = new Y.XmlElement(name)
            frag.push([el])
            for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v.replace('$', `__xss.push(${id})`))
            el.insert(0, [new Y.XmlText(`__xss.push(${id})`)])
          }
          {
            const id = vector('yjs', 'heading with a hostile level')
            const h = new Y.XmlElement('heading')
            frag.push([h])
            h.setAttribute('level', `1 onmouseover=__xss.push(${id})` as unknown as string)
            h.insert(0, [new Y.XmlText(`yjs heading ${id}`)])
          }
          {
            const id = vector('yjs', 'code block with a hostile language')
            const c = new Y.XmlElement('codeBlock')
            frag.push([c])
            c.setAttribute('language', `"><img src=x onerror=__xss.push(${id})>`)
            c.insert(0, [new Y.XmlText(`yjs code ${id}`)])
          }
          for (const hostileId of ['javascript:$', '"><img src=x onerror=$>', '../../api/x?$', targetId]) {
            const id = vector('yjs', `docLink with docId ${hostileId === targetId ? '(hostile-titled page)' : hostileId}`)
            const p = new Y.XmlElement('paragraph')
            frag.push([p])
            const link = new Y.XmlElement(DOC_LINK_NODE)
            link.setAttribute('docId', hostileId.replace('$', `__xss.push(${id})`))
            p.insert(0, [new Y.XmlText(`doclink ${id} `), link])
          }
          {
            const id = vector('yjs', 'task with hostile attributes')
            const task = new Y.XmlElement(TASK_NODE)
            frag.push([task])
            task.setAttribute('id', `t"><img src=x onerror=__xss.push(${id})>`)
            for (const k of ['assignee', 'due', 'status', 'priority', 'stage']) task.setAttribute(k, `"><img src=x onerror=__xss.push(${id})>`)
            task.insert(0, [new Y.XmlText(`yjs task ${id}`)])
          }
          // Experiment runs and checklist items written to the maps directly, skipping the API's schema.
          const runs = experimentsOf(client.doc)
          for (const [k, { what }] of hostileHrefs(0).entries()) {
            const id = vector('yjs', `run trackerUrl ${what}`)
            const key = (f: string) => [blockId, `yjs-${id}`, 'f', f].join('\u0001')
            runs.set(key('start'), new Date().toISOString())
            runs.set(key('name'), `yjs run ${id}`)
            runs.set(key('trackerUrl'), hostileHrefs(id)[k]!.href)
          }
          const cl = new Y.XmlElement(CHECKLIST_BLOCK)
          frag.push([cl])
          cl.setAttribute('id', checklistId)
          for (const [k, { what }] of hostileHrefs(0).entries()) {
            const id = vector('yjs', `checklist evidence ${what}`)
            client.doc.getMap('checklists').set([checklistId, 'item', `x${k}`].join('\u0001'), {
              text: `yjs item ${id} <img src=x onerror=__xss.push(${id})>`,
              required: true,
              order: k,
              evidence: hostileHrefs(id)[k]!.href,
            })
          }
          const endMarker = new Y.XmlText('yjs end marker')
          para(endMarker)
        })
        await waitFor(() => client.allAcked(), 'the server acknowledged the hostile update')
        client.destroy()

        // --- Render: the owner opens the document in Chromium.
        const person = await trappedPerson(bypassCSP)
        const { page } = person
        const docUrl = `${server.url}/d/${docId}`
        await openDoc(page, server.url, docId)
        await waitForText(page, 'yjs end marker', 20_000)
        // Positive control: the trap sees a call from the page.
        await page.evaluate(() => (window as unknown as { __xss: { push: (id: unknown) => void } }).__xss.push('canary'))
        await expect.poll(() => person.hits.length).toBe(1)
        person.hits.length = 0

        // --- (a) Paste: hostile links, HTML, and markdown-ish text, one paste each.
        for (const [k, { what }] of hostileHrefs(0).entries()) {
          const id = vector('paste', `<a href> ${what}`)
          const h = hostileHrefs(id)[k]!.href.replaceAll('"', '&quot;')
          await paste(page, `<p>before <a href="${h}">paste link ${id}</a> after</p>`, `paste link ${id}`)
        }
        for (const [what, tpl] of HTML_VECTORS) {
          const id = vector('paste', `html ${what}`)
          await paste(page, `<p>paste html ${id}</p>${tpl.replaceAll('$', `__xss.push(${id})`).replaceAll('@', String(id))}`, `paste html ${id}`)
        }
        for (const [what, text] of [
          ['markdown link text', '[x](javascript:$)'],
          ['bare javascript: text', 'javascript:$'],
          ['data: text', 'data:text/html,<script>$</script>'],
          ['html as plain text', '<img src=x onerror=$>'],
        ] as const) {
          const id = vector('paste', `text/plain ${what}`)
          await paste(page, '', text.replace('$', `__xss.push(${id})`))
        }
        await paste(page, '<p>paste end marker</p>', 'paste end marker')
        await waitForText(page, 'paste end marker')
        await page.waitForTimeout(500)

        // Live render, then a fresh render of what the server stored.
        const origin = new URL(server.url).origin
        const liveLinks = await poke(page, docUrl)
        await assertSafeLinks(page, origin)
        await waitForBadge(page, 'online', 0)
        await page.goto(docUrl)
        await waitForText(page, 'paste end marker', 20_000).catch(async (err: unknown) => {
          await page.screenshot({ path: shotPath('xss-reload-failed'), fullPage: true })
          console.error(`after reload: ${(await editorText(page).catch(() => '(no editor)')).slice(-2000)}`)
          throw err
        })
        const storedLinks = await poke(page, docUrl)
        await assertSafeLinks(page, origin)
        await page.screenshot({ path: shotPath(`xss-${bypassCSP ? 'bypass' : 'csp'}`), fullPage: true })

        // The ML blocks rendered the hostile runs and checklist; the hub and the runs page render the titles.
        expect(await page.getByTestId('run-row').count()).toBeGreaterThan(TEXT_VECTORS.length)
        for (const tracker of await page.locator('a.ml-run__tracker, a.ml-link').all()) {
          await tracker.hover({ timeout: 2_000 }).catch(() => {})
          await tracker.click({ timeout: 2_000, noWaitAfter: true }).catch(() => {})
        }
        await assertSafeLinks(page, origin)
        for (const p of [`/w/${fixture.workspaceId}/p/${fixture.projectId}`, `/w/${fixture.workspaceId}/p/${fixture.projectId}/runs`, '/me/tasks']) {
          await page.goto(`${server.url}${p}`)
          await page.waitForLoadState('networkidle').catch(() => {})
          await page.waitForTimeout(500)
          await assertSafeLinks(page, origin)
        }
        await page.waitForTimeout(500)

        const counts = { paste: 0, rest: 0, yjs: 0 }
        for (const v of vectors) counts[v.path]++
        console.log(
          `xss (${bypassCSP ? 'CSP bypassed' : 'CSP on'}): ${vectors.length} vectors (paste ${counts.paste}, REST ${counts.rest}, Yjs ${counts.yjs}); ` +
            `links clicked ${liveLinks} live + ${storedLinks} stored; popups ${person.popups.length}; blocked outside requests ${person.blocked.length}`,
        )
        const hitIds = person.hits.map((h) => Number(h.split(' ')[0]))
        expect(
          person.hits.map((h) => `${h} ← ${vectors.find((v) => hitIds.includes(v.id) && h.startsWith(String(v.id)))?.what ?? '?'}`),
          'payloads that ran',
        ).toEqual([])
        expect(person.dialogs, 'dialogs').toEqual([])
        const badNav = [...person.navigations, ...person.popups].filter((u) => !/^(https?:|about:blank|about:srcdoc|chrome-error:)/.test(u))
        expect(badNav, 'navigations to non-web URLs').toEqual([])
        expect(counts.paste).toBeGreaterThanOrEqual(20)
        expect(counts.rest).toBeGreaterThanOrEqual(20)
        expect(counts.yjs).toBeGreaterThanOrEqual(20)
        expect(vectors.length).toBeGreaterThanOrEqual(60)
        await person.context.close()
      },
    )
  }
})

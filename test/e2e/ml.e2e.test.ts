// Over 300 lines on purpose (issue #18): one suite, because every case shares the child server, the Chromium and the CLI
// token set up once in beforeAll; split, each file would start its own server and browser.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { openDoc, typeAtEnd } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
const CLI = path.join(repoRoot, 'scripts', 'keel.mjs')
const execFileP = promisify(execFile)

/** The ML blocks in Chromium: runs pushed by the CLI appear live; a checklist is signed to "Ready to ship". */
describe('ML blocks in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let base: string
  let cliEnv: NodeJS.ProcessEnv
  const data = tempDir()

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    base = server.url
    browser = await launchBrowser()
    const { fixture } = server
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'e2e-cli', scope: 'write' })
    cliEnv = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret, KEEL_PROJECT: fixture.projectId }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  const newPerson: typeof newBrowserPerson = async (b, session) => {
    const person = await newBrowserPerson(b, session)
    person.page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    return person
  }

  async function asOwner<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { cookie: server.fixture.owner.cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    })
    const text = await res.text()
    expect(res.status, text).toBeLessThan(300)
    return JSON.parse(text) as T
  }

  const fromTemplate = async (template: string): Promise<string> =>
    (await asOwner<{ id: string }>('POST', `/api/projects/${server.fixture.projectId}/docs`, { template })).id

  const logRun = (args: string[]) => execFileP(process.execPath, [CLI, 'log-run', ...args], { env: cliEnv })

  /** Scrolls a block's top into view and takes a 1280x800 screenshot of the page. */
  async function shoot(page: Page, selector: string, name: string, offset = 70): Promise<void> {
    await page
      .locator(selector)
      .first()
      .evaluate((el, off) => window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - off }), offset)
    await page.waitForTimeout(200)
    const file = shotPath(name)
    await page.screenshot({ path: file })
    console.log(`screenshot: ${file}`)
  }

  const blockIdOf = async (page: Page, testId: string): Promise<string> => {
    const block = page.getByTestId(testId).first()
    await block.waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => block.getAttribute('data-block-id'), { timeout: 10_000 }).toMatch(/^b[A-Za-z0-9_-]{4,}$/)
    return (await block.getAttribute('data-block-id'))!
  }

  it('experiment log from the template: runs pushed with the CLI appear live in the table and chart; best run highlighted; filters, sort, compare page', async () => {
    const docId = await fromTemplate('experiment-log')
    const { page } = await newPerson(browser, server.fixture.owner)
    await openDoc(page, base, docId)
    const blockId = await blockIdOf(page, 'experiment-log')
    const log = page.getByTestId('experiment-log')
    await log.getByTestId('runs-empty').waitFor({ state: 'visible' })
    await shoot(page, '[data-testid="experiment-log"]', 'ml-experiment-log-empty')
    // The CLI snippet is readable: light text on the dark box, not on the document's light grey.
    const snippet = await log.locator('.ml-code').evaluate((el) => {
      const s = getComputedStyle(el)
      return { color: s.color, background: s.backgroundColor }
    })
    expect(snippet).toEqual({ color: 'rgb(230, 232, 238)', background: 'rgb(21, 23, 28)' })

    // Three runs, each with a loss curve over steps.
    const runs = [
      { id: 'r-baseline', name: 'baseline', lr: '1e-3', bs: '64', f1: '0.884', data: 'churn@v3', tag: 'baseline', loss: [0.92, 0.61, 0.48, 0.41] },
      { id: 'r-wd', name: 'weight decay 0.01', lr: '3e-4', bs: '64', f1: '0.912', data: 'churn@v3', tag: 'sweep', loss: [0.95, 0.58, 0.42, 0.36] },
      { id: 'r-big', name: 'batch 128', lr: '3e-4', bs: '128', f1: '0.897', data: 'churn@v4', tag: 'sweep', loss: [0.9, 0.63, 0.5, 0.44] },
    ]
    for (const r of runs) {
      await logRun([
        '--block',
        blockId,
        '--run',
        r.id,
        '--name',
        r.name,
        '--param',
        `lr=${r.lr}`,
        '--param',
        `batch_size=${r.bs}`,
        '--param',
        'optimizer=adamw',
        '--metric',
        `val_f1=${r.f1}`,
        '--dataset',
        r.data,
        '--tag',
        r.tag,
        '--tracker',
        `https://tracker.example.com/runs/${r.id}`,
        '--status',
        'finished',
      ])
      for (const [step, loss] of r.loss.entries())
        await logRun(['--block', blockId, '--run', r.id, '--step', String((step + 1) * 100), '--metric', `loss=${loss}`])
    }

    // The table fills in live; the best run by val_f1 (higher is better) is highlighted.
    await expect.poll(() => log.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(3)
    await expect.poll(() => log.locator('[data-testid="run-row"][data-best]').getAttribute('data-run-id')).toBe('r-wd')
    await expect.poll(() => log.getByTestId('run-chart').getAttribute('data-points')).toBe('3')
    expect(await log.locator('.ml-chart canvas').count()).toBeGreaterThan(0)
    expect(await log.getByTestId('best-run').innerText()).toContain('weight decay 0.01')
    expect(await log.locator('a.ml-run__tracker').first().getAttribute('href')).toMatch(/^https:\/\/tracker\.example\.com\/runs\//)
    expect(await log.getByTestId('block-id').innerText()).toBe(blockId)

    // A better run arrives while the page is open: it becomes the best, and the chart grows.
    await logRun([
      '--block',
      blockId,
      '--run',
      'r-aug',
      '--name',
      'augmented',
      '--param',
      'lr=3e-4',
      '--param',
      'batch_size=64',
      '--metric',
      'val_f1=0.931',
      '--dataset',
      'churn@v3',
      '--tag',
      'sweep',
      '--status',
      'running',
    ])
    await expect.poll(() => log.locator('[data-testid="run-row"][data-best]').getAttribute('data-run-id'), { timeout: 15_000 }).toBe('r-aug')
    await expect.poll(() => log.getByTestId('run-chart').getAttribute('data-points')).toBe('4')
    await shoot(page, '[data-testid="experiment-log"]', 'ml-experiment-log')

    // By step: one line per run that reports loss by step.
    await log.getByTestId('chart-metric').selectOption('loss')
    await log.getByTestId('chart-step').click()
    await expect.poll(() => log.getByTestId('run-chart').getAttribute('data-points')).toBe('3')
    await shoot(page, '[data-testid="experiment-log"]', 'ml-experiment-log-steps')

    // Filters and sorting.
    await log.getByTestId('filter-tag').selectOption('sweep')
    await expect.poll(() => log.getByTestId('run-row').count()).toBe(3)
    await log.getByTestId('filter-dataset').selectOption('churn@v4')
    await expect.poll(() => log.getByTestId('run-row').count()).toBe(1)
    await log.getByTestId('filter-dataset').selectOption('')
    await log.getByTestId('filter-tag').selectOption('')
    await log.getByTestId('sort-val_f1').click() // best first → worst first
    await expect.poll(() => log.getByTestId('run-row').first().getAttribute('data-run-id')).toBe('r-baseline')

    // The project-wide comparison.
    await log.getByTestId('compare-link').click()
    await page.getByTestId('runs-page').waitFor({ state: 'visible' })
    await expect.poll(() => page.getByTestId('compare-row').count(), { timeout: 10_000 }).toBe(4)
    await page.getByTestId('compare-tag').selectOption('sweep')
    await expect.poll(() => page.getByTestId('compare-row').count()).toBe(3)
    await page.locator('[data-testid="compare-row"][data-run-id="r-wd"] [data-testid="pick-run"]').check()
    await page.locator('[data-testid="compare-row"][data-run-id="r-big"] [data-testid="pick-run"]').check()
    await page.getByTestId('comparison').waitFor({ state: 'visible' })
    const differing = await page.locator('[data-testid="compare-param"][data-differs] th').allInnerTexts()
    expect(differing.map((t) => t.trim())).toEqual(['batch_size'])
    const file = shotPath('ml-run-comparison')
    await page.screenshot({ path: file })
    console.log(`screenshot: ${file}`)
    await page.context().close()
  })

  it('deployment checklist from the template: gates pass and fail live, items are signed, "Ready to ship", the decision is recorded', async () => {
    const docId = await fromTemplate('deployment-checklist')
    // The template's gate: every evaluation task is done. One done evaluation task in another page.
    const tasksDoc = server.fixture.ensureDoc(`e2e-ml-tasks-${process.pid}`)
    await asOwner('POST', `/api/docs/${tasksDoc}/tasks`, { title: 'Evaluate on the holdout set', status: 'done', stage: 'evaluation' })

    const { page } = await newPerson(browser, server.fixture.owner)
    await openDoc(page, base, docId)
    await blockIdOf(page, 'deployment-checklist')
    const ck = page.getByTestId('deployment-checklist')
    await expect.poll(() => ck.getByTestId('checklist-item').count(), { timeout: 15_000 }).toBe(28)
    // Someone else signed one item earlier: it shows their name, and only they can withdraw it.
    const grace = server.fixture.user('Grace', 'editor')
    const gracePage = (await newPerson(browser, grace)).page
    await openDoc(gracePage, base, docId)
    await gracePage.locator('[data-item-id="mlts-28"] [data-testid="sign-item"]').click()
    await ck.locator('[data-item-id="mlts-28"][data-signed]').waitFor({ state: 'visible', timeout: 15_000 })
    // Grace joined after this page loaded: her name arrives with the refreshed member list.
    await expect.poll(() => ck.locator('[data-item-id="mlts-28"] [data-testid="signed-by"]').innerText(), { timeout: 15_000 }).toContain('Grace')
    expect(await ck.locator('[data-item-id="mlts-28"] [data-testid="sign-item"]').isDisabled()).toBe(true)
    await gracePage.context().close()
    expect(await ck.getByTestId('checklist-area').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')))).toEqual([
      'Data',
      'Model',
      'Infrastructure',
      'Monitoring',
    ])
    await expect.poll(() => ck.getByTestId('ship-verdict').getAttribute('data-ready'), { timeout: 15_000 }).toBe('false')
    await expect.poll(() => ck.locator('[data-testid="gate"]').first().getAttribute('data-state'), { timeout: 15_000 }).toBe('pass')

    // A metric gate no run meets: it fails live, with the reason.
    await ck.getByTestId('add-gate').click()
    await ck.getByTestId('gate-metric').fill('val_f1')
    await ck.getByTestId('gate-threshold').fill('0.99')
    await ck.getByTestId('gate-save').click()
    await expect.poll(() => ck.locator('[data-testid="gate"][data-state="fail"]').count(), { timeout: 15_000 }).toBe(1)

    // Sign a few, look at the blockers, then sign the rest.
    const unsigned = ck.locator('[data-testid="checklist-item"]:not([data-signed]) [data-testid="sign-item"]')
    const signedCount = () => ck.locator('[data-testid="checklist-item"][data-signed]').count()
    // One at a time: clicking again before the row re-renders would hit the same item (and withdraw it).
    const signNext = async () => {
      const before = await signedCount()
      await unsigned.first().click()
      await expect.poll(signedCount, { timeout: 15_000 }).toBe(before + 1)
    }
    for (let i = 0; i < 5; i++) await signNext()
    expect(await signedCount()).toBe(6)
    expect(await ck.locator('[data-signed] [data-testid="signed-by"]').first().innerText()).toContain('Test Owner')
    await expect.poll(async () => (await ck.getByTestId('blockers').innerText()).includes('Gate: Best val_f1 >= 0.99'), { timeout: 15_000 }).toBe(true)
    await shoot(page, '[data-testid="deployment-checklist"]', 'ml-checklist-blocked')

    while ((await unsigned.count()) > 0) await signNext()
    // Still blocked by the metric gate alone; remove it, and the checklist is ready.
    await expect.poll(async () => (await ck.getByTestId('blockers').locator('li').allInnerTexts()).length, { timeout: 15_000 }).toBe(1)
    await ck.locator('[data-testid="gate"][data-state="fail"] .ml-gate__remove').click()
    await expect.poll(() => ck.getByTestId('ship-verdict').getAttribute('data-ready'), { timeout: 15_000 }).toBe('true')
    expect(await ck.getByTestId('ship-verdict').innerText()).toContain('Ready to ship')
    await shoot(page, '[data-testid="deployment-checklist"]', 'ml-checklist-ready')

    await ck.getByTestId('record-ship').click()
    const decision = ck.getByTestId('ship-decision')
    await decision.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await decision.innerText()).toMatch(
      /Ship decision recorded[\s\S]*Test Owner[\s\S]*28 of 28 required items signed[\s\S]*Every evaluation task is done/,
    )
    await shoot(page, '[data-testid="ship-decision"]', 'ml-checklist-decision', 300)
    await page.context().close()
  })

  it('model card from the template: live prefill from its runs, empty required sections flagged, text saved in the document', async () => {
    const docId = await fromTemplate('model-card')
    const { page } = await newPerson(browser, server.fixture.owner)
    await openDoc(page, base, docId)
    const card = page.getByTestId('model-card')
    await blockIdOf(page, 'model-card')
    const runsBlock = await blockIdOf(page, 'experiment-log')
    expect(await card.getByTestId('card-runs-block').inputValue()).toBe(runsBlock)
    await expect.poll(() => card.getAttribute('data-missing')).toBe('6')

    await logRun([
      '--block',
      runsBlock,
      '--run',
      'card-1',
      '--name',
      'resnet50-ft',
      '--metric',
      'val_f1=0.927',
      '--metric',
      'val_auc=0.981',
      '--dataset',
      'tickets@2026-10',
    ])
    await card.getByTestId('card-live-metrics').waitFor({ state: 'visible', timeout: 15_000 })
    expect(await card.getByTestId('card-live-metrics').innerText()).toContain('resnet50-ft')
    await expect.poll(() => card.getAttribute('data-missing')).toBe('3')

    await card.getByTestId('card-input-details').fill('ResNet-50 fine-tuned on support tickets; v3; owner: ML platform team.')
    await card.getByTestId('card-input-intendedUse').fill('Routing incoming support tickets to the right queue. Not for decisions about customers.')
    await expect.poll(() => card.getAttribute('data-missing')).toBe('1')
    expect(await card.getByTestId('card-section-ethics').getAttribute('data-missing')).toBe('true')
    await shoot(page, '[data-testid="model-card"]', 'ml-model-card')
    await shoot(page, '[data-testid="card-section-quantitative"]', 'ml-model-card-missing', 120)

    // Saved in the document: a second person sees the text.
    const other = await newPerson(browser, server.fixture.owner)
    await openDoc(other.page, base, docId)
    await expect.poll(() => other.page.getByTestId('card-input-details').inputValue(), { timeout: 15_000 }).toContain('ResNet-50')
    await other.context.close()
    await page.context().close()
  })

  it('slash menu inserts each ML block with a fresh id', async () => {
    const docId = server.fixture.ensureDoc(`e2e-ml-slash-${process.pid}`)
    const { page } = await newPerson(browser, server.fixture.owner)
    await openDoc(page, base, docId)
    await typeAtEnd(page, 'Blocks')
    const ids: string[] = []
    for (const [query, testId] of [
      ['experiment', 'experiment-log'],
      ['deployment', 'deployment-checklist'],
      ['model card', 'model-card'],
    ] as const) {
      await page.keyboard.press('Enter')
      await page.keyboard.type(`/${query}`, { delay: 5 })
      await page.getByTestId('slash-menu').waitFor({ state: 'visible' })
      if (query === 'experiment') await page.screenshot({ path: shotPath('ml-slash-menu') })
      await page.keyboard.press('Enter')
      ids.push(await blockIdOf(page, testId))
      await page.keyboard.press('Control+End')
    }
    expect(new Set(ids).size).toBe(3)
    await page.getByTestId('deployment-checklist').getByTestId('add-ml-test-score').click()
    await expect.poll(() => page.getByTestId('deployment-checklist').getByTestId('checklist-item').count()).toBe(28)
    await page.context().close()
  })

  it('embed a run comparison in a doc, pick two runs, a second user sees the same comparison (read-only as a viewer)', async () => {
    const fx = server.fixture
    // Runs to compare: three runs in an experiment log of the project.
    const logDoc = await fromTemplate('experiment-log')
    const owner = await newPerson(browser, fx.owner)
    await openDoc(owner.page, base, logDoc)
    const blockId = await blockIdOf(owner.page, 'experiment-log')
    for (const [id, name, lr, f1, loss] of [
      ['cmp-a', 'baseline', '1e-3', '0.81', '0.42'],
      ['cmp-b', 'wider net', '3e-4', '0.86', '0.35'],
      ['cmp-c', 'more data', '3e-4', '0.84', '0.37'],
    ] as const) {
      await logRun([
        '--block',
        blockId,
        '--run',
        id,
        '--name',
        name,
        '--param',
        `lr=${lr}`,
        '--param',
        'optimizer=adamw',
        '--metric',
        `val_f1=${f1}`,
        '--metric',
        `val_loss=${loss}`,
        '--dataset',
        'churn@v3',
        '--tag',
        'cmp',
        '--status',
        'finished',
      ])
    }

    // A page that embeds a comparison from the slash menu.
    const docId = fx.ensureDoc(`e2e-ml-compare-${process.pid}`)
    await openDoc(owner.page, base, docId)
    await typeAtEnd(owner.page, 'Which model ships?')
    await owner.page.keyboard.press('Enter')
    await owner.page.keyboard.type('/comparison', { delay: 5 })
    await owner.page.getByTestId('slash-run-comparison').waitFor({ state: 'visible' })
    await owner.page.keyboard.press('Enter')
    const block = owner.page.getByTestId('run-comparison')
    await block.getByTestId('compare-table').waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => block.getByTestId('compare-row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3)

    // Only this experiment's runs (the project has others), sorted by val_f1, highest first: saved in the block.
    await block.getByTestId('compare-tag').selectOption('cmp')
    await expect.poll(() => block.getByTestId('compare-row').count(), { timeout: 10_000 }).toBe(3)
    await block.getByTestId('compare-metric').selectOption('val_f1')
    await expect.poll(() => block.getByTestId('compare-order').inputValue()).toBe('desc')
    await expect.poll(async () => (await block.getByTestId('compare-row').first().getAttribute('data-run-id')) ?? '').toBe('cmp-b')
    for (const runId of ['cmp-a', 'cmp-b']) await block.locator(`[data-testid="compare-row"][data-run-id="${runId}"]`).getByTestId('pick-run').check()
    const comparison = block.getByTestId('comparison')
    await comparison.waitFor({ state: 'visible' })
    expect(await comparison.getAttribute('data-run-ids')).toBe('cmp-a cmp-b')
    expect(await comparison.getByTestId('compare-param').filter({ hasText: 'lr' }).getAttribute('data-differs')).toBe('true')
    await block.getByTestId('comparison-choose').click() // Done: the list folds away
    await block.getByTestId('compare-table').waitFor({ state: 'detached' })
    await owner.page.locator('[data-testid="editor"] .ProseMirror > p').last().click() // the caret below the block: no selection toolbar over it
    await owner.page.mouse.move(1200, 10)
    await shoot(owner.page, '[data-testid="run-comparison"]', 'ml-run-comparison-block', 120)

    // A viewer opens the page: the same comparison, the same sort, and nothing to change.
    const viewer = await newPerson(browser, fx.user('Vic', 'viewer'))
    await openDoc(viewer.page, base, docId)
    const seen = viewer.page.getByTestId('run-comparison')
    await expect
      .poll(
        async () =>
          (await seen
            .getByTestId('comparison')
            .getAttribute('data-run-ids')
            .catch(() => null)) ?? '',
        { timeout: 20_000 },
      )
      .toBe('cmp-a cmp-b')
    expect(await seen.getByTestId('compare-metric').inputValue()).toBe('val_f1')
    expect(await seen.getByTestId('compare-tag').inputValue()).toBe('cmp')
    expect(await seen.getByTestId('compare-metric').isDisabled()).toBe(true)
    expect(await seen.getByTestId('pick-run').count()).toBe(0)
    expect(await seen.getByRole('button', { name: /Remove .* from the comparison/ }).count()).toBe(0)

    // A third run picked by the owner shows up for the viewer live.
    await block.getByTestId('comparison-choose').click()
    await block.locator('[data-testid="compare-row"][data-run-id="cmp-c"]').getByTestId('pick-run').check()
    await expect.poll(async () => (await seen.getByTestId('comparison').getAttribute('data-run-ids')) ?? '', { timeout: 15_000 }).toBe('cmp-a cmp-b cmp-c')
    await Promise.all([owner.context.close(), viewer.context.close()])
  })

  it('run hygiene: a run pushed with no metric shows "No metrics"; an editor archives one (hidden, "Show archived (1)") and deletes another, live for a second editor; a viewer has no run menu', async () => {
    const fx = server.fixture
    const docId = await fromTemplate('experiment-log')
    const owner = await newPerson(browser, fx.owner)
    await openDoc(owner.page, base, docId)
    const blockId = await blockIdOf(owner.page, 'experiment-log')
    await logRun(['--block', blockId, '--run', 'h-keep', '--name', 'baseline', '--metric', 'val_f1=0.88', '--param', 'lr=1e-3', '--status', 'finished'])
    await logRun(['--block', blockId, '--run', 'h-leak', '--name', 'test set leaked', '--metric', 'val_f1=0.99', '--param', 'lr=3e-4', '--status', 'finished'])
    await logRun(['--block', blockId, '--run', 'h-empty', '--name', 'crashed before step 1', '--param', 'lr=1e-2'])
    const log = owner.page.getByTestId('experiment-log')
    const row = (id: string) => log.locator(`[data-testid="run-row"][data-run-id="${id}"]`)
    await expect.poll(() => log.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(3)
    expect(await row('h-empty').getByTestId('run-status').innerText()).toBe('No metrics')

    const other = await newPerson(browser, fx.user('Erin', 'editor'))
    await openDoc(other.page, base, docId)
    const seen = other.page.getByTestId('experiment-log')
    await expect.poll(() => seen.getByTestId('run-row').count(), { timeout: 20_000 }).toBe(3)

    // The menu is fixed to the viewport and closes when the page scrolls: scroll first, then open it.
    const snap = async (name: string) => {
      await owner.page.screenshot({ path: shotPath(name) })
      console.log(`screenshot: ${shotPath(name)}`)
    }
    await shoot(owner.page, '[data-testid="experiment-log"]', 'ml-run-table-actions')

    // Archive the leaky run from its menu: it leaves the table (and the best-run summary) for both editors.
    await row('h-leak').getByTestId('run-actions').click()
    await owner.page.getByTestId('run-menu').waitFor({ state: 'visible' })
    await snap('ml-run-menu')
    await owner.page.getByTestId('run-archive').click()
    await expect.poll(() => log.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(2)
    await expect.poll(() => seen.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(2)
    expect(await log.getByTestId('best-run').innerText()).toContain('baseline')
    expect(await log.getByTestId('show-archived').innerText()).toBe('Show archived (1)')
    await log.getByTestId('show-archived').locator('input').check()
    await expect.poll(() => row('h-leak').getAttribute('data-archived')).toBe('true')
    await shoot(owner.page, '[data-testid="experiment-log"]', 'ml-runs-archived-shown')

    // Delete the crashed run, after a confirmation: gone for the other editor too.
    await row('h-empty').getByTestId('run-actions').click()
    await owner.page.getByTestId('run-delete').click()
    await owner.page.getByTestId('run-delete-confirm').waitFor({ state: 'visible' })
    await snap('ml-run-delete-confirm')
    await owner.page.getByTestId('run-delete-yes').click()
    await expect.poll(() => seen.locator('[data-testid="run-row"][data-run-id="h-empty"]').count(), { timeout: 15_000 }).toBe(0)
    await expect.poll(() => log.getByTestId('run-row').count()).toBe(2)

    // A viewer sees the runs and no menu.
    const viewer = await newPerson(browser, fx.user('Val', 'viewer'))
    await openDoc(viewer.page, base, docId)
    const viewed = viewer.page.getByTestId('experiment-log')
    await expect.poll(() => viewed.getByTestId('run-row').count(), { timeout: 20_000 }).toBe(1)
    expect(await viewed.getByTestId('run-actions').count()).toBe(0)
    await Promise.all([owner.context.close(), other.context.close(), viewer.context.close()])
  })
})

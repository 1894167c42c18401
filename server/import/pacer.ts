/** Lets the event loop run (other users' frames, commits, requests) between batches. */
export const yieldLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class Stopped extends Error {}

/** CPU time of this process so far, in milliseconds (user and system, every thread). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * How much import work runs per turn of the event loop: at most `maxPerTurn` pages in pass 2 (and
 * `maxPerBatch` pages in a pass-1 batch), and no more than `budgetMs` of work, so a bystander's
 * keystroke waits one short turn, whatever the import's size. Checks for shutdown at each yield.
 *
 * A pass-1 batch is sized by its CPU time per page, not its wall time: most of a batch's wall time
 * is its fixed syncs to disk (rows, first contents, the tree's commit, the import rows), which a
 * smaller batch does not shorten, only repeats. Sized by wall time on a busy disk, batches shrank
 * to a few pages, paying those syncs again every few pages while the bystander's wait stayed the
 * same. Now that a batch costs what it adds (the tree's mirror is incremental), the page count
 * that fits the budget is large; `maxPerBatch` bounds it.
 */
export class Pacer {
  private turnStart = performance.now()
  private batchCpu = cpuMs()
  private inTurn = 0
  /** CPU milliseconds per page in the last batch (pass 1 sizes its next batch by it). */
  private perPage = 0

  constructor(
    private readonly maxPerTurn: number,
    private readonly budgetMs: number,
    private readonly stopping: () => boolean,
    private readonly maxPerBatch = maxPerTurn,
  ) {}

  /**
   * Pages for the next batch: what fits the budget at the last batch's cost, between a quarter of
   * `maxPerTurn` and `maxPerBatch`. Not fewer: a batch has fixed costs (a tree commit, syncs to
   * disk) that one page alone would pay again and again.
   */
  batchSize(): number {
    this.turnStart = performance.now()
    this.batchCpu = cpuMs()
    const floor = Math.max(1, Math.ceil(this.maxPerTurn / 4))
    if (this.perPage <= 0) return this.maxPerBatch
    return Math.max(floor, Math.min(this.maxPerBatch, Math.floor(this.budgetMs / this.perPage)))
  }

  /** A batch of `pages` is done: note its cost and yield. */
  async endBatch(pages: number): Promise<void> {
    // A floor of a microsecond a page: a batch that measured no CPU at all still counts as work.
    this.perPage = Math.max(0.001, cpuMs() - this.batchCpu) / Math.max(1, pages)
    await this.yield()
  }

  /** One page of pass 2 is done: yield when the turn has had its pages or its budget. */
  async step(beforeYield: () => void): Promise<void> {
    this.inTurn++
    if (this.inTurn < this.maxPerTurn && performance.now() - this.turnStart < this.budgetMs) return
    beforeYield()
    await this.yield()
  }

  private async yield(): Promise<void> {
    await yieldLoop()
    if (this.stopping()) throw new Stopped('the server stopped during the run')
    this.inTurn = 0
    this.turnStart = performance.now()
  }
}

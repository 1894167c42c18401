/** Lets the event loop run (other users' frames, commits, requests) between batches. */
export const yieldLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class Stopped extends Error {}

/**
 * How much import work runs per turn of the event loop: at most `maxPerTurn` pages, and no more
 * than `budgetMs` of work when the pages are slow (a large tree makes each tree edit dearer), so a
 * bystander's keystroke waits one short turn, whatever the import's size. Checks for shutdown
 * at each yield.
 */
export class Pacer {
  private turnStart = performance.now()
  private inTurn = 0
  /** Milliseconds per page in the last batch (pass 1 sizes its next batch by it). */
  private perPage = 0

  constructor(
    private readonly maxPerTurn: number,
    private readonly budgetMs: number,
    private readonly stopping: () => boolean,
  ) {}

  /**
   * Pages for the next batch: what fits the budget at the last batch's cost, between a quarter of
   * `maxPerTurn` and all of it. Not fewer: a batch has fixed costs (a tree commit, two syncs to
   * disk) that one page alone would pay again and again.
   */
  batchSize(): number {
    this.turnStart = performance.now()
    const floor = Math.max(1, Math.ceil(this.maxPerTurn / 4))
    if (this.perPage <= 0) return this.maxPerTurn
    return Math.max(floor, Math.min(this.maxPerTurn, Math.floor(this.budgetMs / this.perPage)))
  }

  /** A batch of `pages` is done: note its cost and yield. */
  async endBatch(pages: number): Promise<void> {
    this.perPage = (performance.now() - this.turnStart) / Math.max(1, pages)
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

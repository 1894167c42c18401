/** What the conversion of one file noticed: warnings and dropped items with the reason, for the plan and report. */
export interface Dropped {
  item: string
  reason: string
}

export class Notes {
  readonly warnings: string[] = []
  readonly dropped: Dropped[] = []
  private htmlCount = 0

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message)
  }

  drop(item: string, reason: string): void {
    this.dropped.push({ item, reason })
  }

  /** Raw HTML is counted and reported once per file (a page of it would otherwise be a page of warnings). */
  html(): void {
    this.htmlCount++
  }

  finish(): { warnings: string[]; dropped: Dropped[] } {
    if (this.htmlCount > 0) this.warn(`${this.htmlCount} piece(s) of raw HTML removed (HTML is never passed through; text outside the tags is kept)`)
    return { warnings: this.warnings, dropped: this.dropped }
  }
}

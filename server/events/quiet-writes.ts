/**
 * Bulk writes on someone's behalf (an import) whose commits tell nobody: a Jira import of 500
 * assigned issues is not 500 "assigned you" entries and emails, its Blocks links do not make
 * "is now blocked" news for tasks on pages imported a moment before, and a Confluence page's
 * mentions were made years ago by someone else. Listeners that notify people (the inbox) still
 * record what they saw, so the next real edit is compared with the imported state, but write no
 * entry while `active`. A commit's extensions, and the events they emit, run synchronously inside
 * `registry.change`, so nothing but the quiet write can notify while `run` is on the stack.
 */
export class QuietWrites {
  private depth = 0

  run<T>(write: () => T): T {
    this.depth++
    try {
      return write()
    } finally {
      this.depth--
    }
  }

  get active(): boolean {
    return this.depth > 0
  }
}

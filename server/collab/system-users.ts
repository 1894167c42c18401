/**
 * The authors of changes the server makes on its own (the seeded demo, a heading following a
 * rename, the done gate reopening a task). They are never accounts (account ids are random), so
 * every place that names an author asks here before falling back to "Former member".
 */
export const SEED_USER_ID = 'keel-seed'
export const TITLE_USER_ID = 'keel-title'
export const GATE_USER_ID = 'keel-done-gate'

const NAMES: ReadonlyMap<string, string> = new Map([
  [SEED_USER_ID, 'Keel (demo content)'],
  [TITLE_USER_ID, 'Keel (title sync)'],
  [GATE_USER_ID, 'Keel (done gate)'],
])

/** The display name of a server author, or null for any other id. */
export const systemUserName = (userId: string): string | null => NAMES.get(userId) ?? null

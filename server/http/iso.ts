/** Timestamps travel in API answers as ISO strings. */
export const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * Jira's CSV cell formats. Dates come in the exporting user's format; the two Jira uses by
 * default are "12/Mar/24 3:15 PM" (and "12/Mar/24") and ISO-like "2024-03-12 15:15".
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

const pad = (n: number): string => String(n).padStart(2, '0')

/** A Jira date cell as epoch ms (UTC), or null when it is empty or not a date Jira writes. */
export function parseJiraDate(cell: string): number | null {
  const s = cell.trim()
  if (!s) return null
  const dmy = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?:\s*([AaPp][Mm]))?)?$/.exec(s)
  if (dmy) {
    const month = MONTHS.indexOf(dmy[2]!.toLowerCase())
    if (month < 0) return null
    const year = dmy[3]!.length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3])
    let hour = dmy[4] ? Number(dmy[4]) : 0
    if (dmy[6]) hour = (hour % 12) + (dmy[6].toLowerCase() === 'pm' ? 12 : 0)
    return valid(year, month, Number(dmy[1]), hour, dmy[5] ? Number(dmy[5]) : 0)
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s)
  if (iso) return valid(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), iso[4] ? Number(iso[4]) : 0, iso[5] ? Number(iso[5]) : 0)
  return null
}

function valid(year: number, month: number, day: number, hour: number, minute: number): number | null {
  const t = Date.UTC(year, month, day, hour, minute)
  const d = new Date(t)
  return d.getUTCFullYear() === year && d.getUTCMonth() === month && d.getUTCDate() === day && hour < 24 && minute < 60 ? t : null
}

/** A date cell as the task's due date (YYYY-MM-DD), or null. */
export function jiraDay(cell: string): string | null {
  const t = parseJiraDate(cell)
  if (t === null) return null
  const d = new Date(t)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/**
 * "Original Estimate" is seconds of work in the CSV (28800 = one 8-hour day); Keel estimates in
 * days, to a tenth. Null for empty or unreadable cells.
 */
export function estimateDays(cell: string, hoursPerDay = 8): number | null {
  const s = cell.trim()
  if (!s) return null
  const seconds = Number(s)
  if (!Number.isFinite(seconds) || seconds < 0) return null
  return Math.min(10_000, Math.round((seconds / 3600 / hoursPerDay) * 10) / 10)
}

/** A point-in-time restore's target: every update committed at or before `until` (ms) is kept. */
export interface RestoreTime {
  /** The last millisecond kept: the end of the minute (or second) given. */
  until: number
  /** How the time was read, for the report: `2026-12-06 14:05:59.999 (local)` or `… UTC`. */
  shown: string
}

/** Refusals of `--at`, with what was expected. */
export class BadRestoreTime extends Error {}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Reads `--at`: `YYYY-MM-DD HH:MM[:SS]` (a space or `T`), in the local time zone, or in UTC with a
 * trailing `Z`, or at an explicit offset (`+01:00`). The restore is "to the minute" (or second):
 * the result is the end of it, so `14:05` keeps what was committed during 14:05 too. A time in the
 * future is refused: the log cannot hold what has not happened, and a typo'd year should not pass.
 */
export function parseRestoreTime(text: string, now = Date.now()): RestoreTime {
  const m = PATTERN.exec(text.trim())
  if (!m) throw new BadRestoreTime(`--at ${JSON.stringify(text)}: expected "YYYY-MM-DD HH:MM" (local time), or ISO such as 2026-12-06T14:05Z`)
  const [, y, mo, d, h, mi, s, zone] = m
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), s === undefined ? 0 : Number(s)] as const
  const span = s === undefined ? 60_000 : 1000
  let start: number
  if (zone === undefined) {
    start = new Date(...parts).getTime()
    // Date rolls 14:61 over to 15:01; a time that does not read back as given is not a time.
    const back = new Date(start)
    if (
      back.getFullYear() !== parts[0] ||
      back.getMonth() !== parts[1] ||
      back.getDate() !== parts[2] ||
      back.getHours() !== parts[3] ||
      back.getMinutes() !== parts[4]
    )
      throw new BadRestoreTime(`--at ${JSON.stringify(text)} is not a valid local time`)
  } else {
    const utc = Date.UTC(...parts)
    const back = new Date(utc)
    if (back.getUTCMonth() !== parts[1] || back.getUTCDate() !== parts[2] || back.getUTCHours() !== parts[3] || back.getUTCMinutes() !== parts[4])
      throw new BadRestoreTime(`--at ${JSON.stringify(text)} is not a valid time`)
    start = utc - offsetMs(zone)
  }
  if (parts[5] > 59) throw new BadRestoreTime(`--at ${JSON.stringify(text)} is not a valid time`)
  const until = start + span - 1
  if (start > now) throw new BadRestoreTime(`--at ${text} is in the future (now is ${formatTime(now, zone === undefined)})`)
  return { until, shown: formatTime(until, zone === undefined) }
}

function offsetMs(zone: string): number {
  if (zone === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
}

/** `2026-12-06 14:05:59.999 (local)` or `2026-12-06 13:05:59.999 UTC`. */
export function formatTime(ms: number, local = false): string {
  const d = new Date(ms)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  if (!local) return `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} (local)`
}

import { readFileSync } from 'node:fs'

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every mainstream kernel). */
const CLK_TCK = 100

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: parse after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After the name: field 3 is state (index 0), so utime (14) and stime (15) are indexes 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/** Resident set size in MiB (VmRSS), or peak (VmHWM) with `peak`. */
export function rssMiB(pid: number, peak = false): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = status.match(peak ? /^VmHWM:\s+(\d+) kB/m : /^VmRSS:\s+(\d+) kB/m)
  return m ? Number(m[1]) / 1024 : Number.NaN
}

/** Measures a process's CPU time over an interval: `const done = cpuMeter(pid); ...; done()`. */
export function cpuMeter(pid: number): () => number {
  const start = cpuSeconds(pid)
  return () => cpuSeconds(pid) - start
}

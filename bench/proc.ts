/**
 * What the benches read from /proc about the processes they start: which child is the server,
 * its CPU time and memory, and how busy the whole machine is (other work on the same cores
 * disturbs both sides of a comparison). Linux only; elsewhere the figures are undefined/NaN.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** Our direct child whose command line matches (the server or relay just started). */
export function findChildPid(matches: (cmdline: string) => boolean): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid !== process.pid) continue
        if (matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '))) return Number(entry)
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    // No /proc (not Linux).
  }
  return undefined
}

/** utime + stime of a process in clock ticks (USER_HZ = 100 on Linux). */
export function cpuTicks(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // After the command: state(0) ppid(1) … utime(11) stime(12).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return undefined
  }
}

/** Resident memory of a process in bytes; NaN when it cannot be read. */
export function rssBytes(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kib === undefined ? Number.NaN : Number(kib) * 1024
  } catch {
    return Number.NaN
  }
}

/** Busy clock ticks of the whole machine, all cores (everything but idle and iowait; steal counts). */
export function machineBusyTicks(): number | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    return cpu.slice(0, 8).reduce((a, v) => a + v, 0) - cpu[3]! - cpu[4]!
  } catch {
    return undefined
  }
}

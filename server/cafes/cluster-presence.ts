/**
 * Who is online across every server process: this process's own sockets (presence.ts) plus
 * what each other process last said about its own. A process says so when its list for a café
 * changes and again every `heartbeatMs`; a process silent for three heartbeats (killed, cut off)
 * is taken to have nobody any more. One process alone: only its own sockets, as always.
 */
import { createPresence } from './presence.js'

/** What one process says about one café. */
export interface PresenceReport {
  node: string
  cafeId: string
  online: string[]
  /** Whether a staff screen of the café is connected through that process. */
  staff: boolean
}

export interface ClusterPresence {
  /** Records a local socket; true when the person just came online here. */
  connect(cafeId: string, personId: string, socketId: string): boolean
  /** Forgets a local socket; true when the person just went offline here. */
  disconnect(cafeId: string, personId: string, socketId: string): boolean
  /** Everyone online in the café, through any process. */
  online(cafeId: string): string[]
  /** Those online through this process, for the report to the others. */
  localOnline(cafeId: string): string[]
  /** Cafés with someone online through this process. */
  localCafes(): string[]
  /** Another process's report; true when the café's union changed. */
  heard(report: PresenceReport, now: number): boolean
  /** Whether another process has a staff screen of the café open. */
  staffElsewhere(cafeId: string): boolean
  /** Drops the reports of processes silent since `before`; the cafés whose union changed. */
  expire(before: number): string[]
}

export function createClusterPresence(): ClusterPresence {
  const local = createPresence()
  // node → café → its last report and when it came
  const remote = new Map<string, Map<string, { online: Set<string>; staff: boolean; at: number }>>()
  const union = (cafeId: string) => {
    const all = new Set(local.online(cafeId))
    for (const cafes of remote.values()) for (const id of cafes.get(cafeId)?.online ?? []) all.add(id)
    return [...all]
  }
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))
  return {
    connect: (cafeId, personId, socketId) => local.connect(cafeId, personId, socketId),
    disconnect: (cafeId, personId, socketId) => local.disconnect(cafeId, personId, socketId),
    online: union,
    localOnline: (cafeId) => local.online(cafeId),
    localCafes: () => local.cafes(),
    heard(report, now) {
      const before = union(report.cafeId)
      const cafes = remote.get(report.node) ?? new Map()
      remote.set(report.node, cafes)
      // Every node's cafés are refreshed together by its heartbeat.
      for (const entry of cafes.values()) entry.at = now
      if (report.online.length === 0 && !report.staff) cafes.delete(report.cafeId)
      else cafes.set(report.cafeId, { online: new Set(report.online), staff: report.staff, at: now })
      return !same(before, union(report.cafeId))
    },
    staffElsewhere(cafeId) {
      for (const cafes of remote.values()) if (cafes.get(cafeId)?.staff) return true
      return false
    },
    expire(before) {
      const changed: string[] = []
      for (const [node, cafes] of remote) {
        for (const [cafeId, entry] of cafes) {
          if (entry.at >= before) continue
          cafes.delete(cafeId)
          if (entry.online.size > 0) changed.push(cafeId)
        }
        if (cafes.size === 0) remote.delete(node)
      }
      return changed
    },
  }
}

/**
 * The board's live view of every table's cloth: the summaries the server pushes to staff
 * screens (`cafe:cloths`: every table on connect, then the tables that changed).
 */
import type { TableClothSummary } from '$shared/protocol/socket.js'
import type { CafeConnection } from '$lib/cafe/cafe-connection.svelte.js'

export class ClothCounters {
  byTable = $state<Record<number, TableClothSummary>>({})
  private readonly stop: () => void

  constructor(connection: CafeConnection) {
    this.stop = connection.on('cafe:cloths', ({ tables }) => {
      const next = { ...this.byTable }
      for (const summary of tables) next[summary.table] = summary
      this.byTable = next
    })
  }

  of(table: number): TableClothSummary | undefined {
    return this.byTable[table]
  }

  close(): void {
    this.stop()
  }
}

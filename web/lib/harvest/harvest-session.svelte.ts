/**
 * The harvest as this page sees it: the newest `harvest:state` the server pushed on the page's
 * café connection, and the one way to change it, a harvest command answered by ack. The console,
 * a participant's ballot and the board all read it from here.
 *
 * Make it together with the page's `CafeConnection`, before the café reaches the harvest: the
 * server sends the harvest once on connect, and a session created later would miss it.
 */
import type { CafeConnection, HarvestOutcome } from '$lib/cafe/cafe-connection.svelte.js'
import type { HarvestCommand, HarvestView } from '$shared/protocol/harvest.js'
import { rankedItems, type RankedEntry } from './harvest-list.js'

export class HarvestSession {
  view = $state<HarvestView | undefined>()
  /** Dots this participant placed that the server has not answered yet: they are not free to place again. */
  placing = $state(0)
  /**
   * How many dots this participant will have placed once every dot on its way has landed, while
   * any is on its way. The server sends the new harvest *before* it acks, so for a moment a dot is
   * both in the view and still "on its way": counting it twice would disable every button and
   * swallow a quick second tap. Counting towards this target counts each dot once.
   */
  private target = $state<number | undefined>()
  readonly ranked: RankedEntry[] = $derived(rankedItems(this.view))
  /**
   * Dots this participant may place now: the server's count less those on their way to it, so a
   * quick second tap cannot ask for a dot that is not there. What the page *says* is the server's count.
   */
  readonly dotsFree: number = $derived(
    Math.max(0, (this.view?.dotsLeft ?? 0) - Math.max(0, (this.target ?? 0) - this.placed())),
  )
  private readonly connection: CafeConnection
  private readonly stop: () => void

  constructor(connection: CafeConnection) {
    this.connection = connection
    this.stop = connection.on('harvest:state', (view) => {
      // Views can cross on a reconnect; never go back to an older one.
      if (!this.view || view.version >= this.view.version) this.view = view
    })
  }

  /**
   * Sends one command. The server sends the new harvest before it acks, so by the time this
   * resolves the view already shows the change.
   */
  async send(command: HarvestCommand): Promise<HarvestOutcome> {
    const placing = command.type === 'place-dot'
    if (placing) {
      this.target = (this.placing === 0 ? this.placed() : (this.target ?? this.placed())) + 1
      this.placing++
    }
    try {
      return await this.connection.harvestCommand(command)
    } finally {
      if (placing && --this.placing === 0) this.target = undefined
    }
  }

  /** Dots this participant has placed, as the server last said. */
  private placed(): number {
    return this.view ? this.view.dotsPerVoter - (this.view.dotsLeft ?? this.view.dotsPerVoter) : 0
  }

  close(): void {
    this.stop()
  }
}

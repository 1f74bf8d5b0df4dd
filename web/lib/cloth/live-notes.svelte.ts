/**
 * A round's notes as blocks that follow the document live (a late offline edit from an earlier
 * group shows up as it arrives), for screens that read without the editor.
 */
import type * as Y from 'yjs'
import { readRichText, type RichBlock } from '$shared/cloth/rich-text.js'

export class LiveNotes {
  blocks = $state<RichBlock[]>([])
  private readonly refresh = () => {
    this.blocks = readRichText(this.fragment)
  }

  constructor(private readonly fragment: Y.XmlFragment) {
    fragment.observeDeep(this.refresh)
    this.refresh()
  }

  dispose(): void {
    this.fragment.unobserveDeep(this.refresh)
  }
}

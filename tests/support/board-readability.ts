/** What the back row of a hall sees on the board: text sizes, contrast, and nothing cut off. */
import type { Page } from 'playwright-core'

export interface BoardText {
  text: string
  fontSize: number
  /** WCAG contrast ratio with what is behind it. */
  contrast: number
}

/** Every piece of visible text on the board: its font size and its WCAG contrast with what is behind it. */
export function boardReadability(page: Page): Promise<BoardText[]> {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number)
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((v) => {
        const c = v / 255
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!
    }
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const bg = rgb(getComputedStyle(el).backgroundColor)
        if ((bg[3] ?? 1) > 0) return bg
      }
      return [255, 255, 255]
    }
    const texts: { text: string; fontSize: number; contrast: number }[] = []
    for (const el of document.querySelectorAll('[data-testid=board] *')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent?.trim() ?? '').join(' ').trim()
      const box = el.getBoundingClientRect()
      // Text a screen reader hears but nobody sees (1×1 px) is not on the projector.
      if (!own || box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue
      const [fg, bg] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))]
      texts.push({ text: own.slice(0, 40), fontSize: parseFloat(getComputedStyle(el).fontSize), contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) })
    }
    return texts
  })
}

/** Whether anything on the board would need scrolling: the page, or one of `boxes` (a card, a ranking row) inside. */
export function boardOverflow(page: Page, boxes: string): Promise<{ page: boolean; boxes: number }> {
  return page.evaluate((selector) => ({
    page: document.scrollingElement!.scrollHeight > innerHeight || document.scrollingElement!.scrollWidth > innerWidth,
    boxes: [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (box) => box.scrollHeight > box.clientHeight + 1 || box.getBoundingClientRect().bottom > innerHeight,
    ).length,
  }), boxes)
}

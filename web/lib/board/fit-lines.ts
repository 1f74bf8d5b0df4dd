/**
 * A Svelte attachment for a box whose height its flex parent decides: clamps the box's first
 * child to the whole lines that fit, so a board card shows "Nino, Olena, Ion…" rather than a
 * line cut in half. (The box, not the clamped text, is measured: the text's own height follows
 * the clamp, and measuring it would never let it grow again.)
 */
export function fitLines(box: HTMLElement): () => void {
  const fit = () => {
    const text = box.firstElementChild
    if (!(text instanceof HTMLElement)) return
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight)
    if (!(lineHeight > 0)) return
    const lines = String(Math.max(1, Math.floor((box.clientHeight + 1) / lineHeight)))
    text.style.setProperty('-webkit-line-clamp', lines)
    text.style.setProperty('line-clamp', lines)
  }
  const observer = new ResizeObserver(fit)
  observer.observe(box)
  fit()
  return () => observer.disconnect()
}

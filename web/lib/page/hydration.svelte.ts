import { onMount } from 'svelte'

/**
 * Whether the page has hydrated, for a control that must wait for it: before hydration a tap
 * submits a form the browser's own way (a reload that loses what was typed), and a choice in a
 * list is set back by hydration. Call it while a component initialises.
 */
export function hydration(): { readonly done: boolean } {
  let done = $state(false)
  onMount(() => {
    done = true
  })
  return {
    get done() {
      return done
    },
  }
}

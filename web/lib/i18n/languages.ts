import type { Locale } from '$lib/paraglide/runtime.js'

/**
 * Each language named in itself, never translated: someone looking for their language in an
 * interface they cannot read recognises its own name ("ქართული"), not "Georgian" in Russian.
 */
export const languageNames: Record<Locale, string> = {
  en: 'English',
  ka: 'ქართული',
  ru: 'Русский',
  uk: 'Українська',
  az: 'Azərbaycanca',
  ro: 'Română',
  de: 'Deutsch',
}

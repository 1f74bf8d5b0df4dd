/**
 * Everyone whose name the café's results must leave out when they are downloaded without
 * personal names: the café's people (a pseudonym is a name too) and the registration list
 * (someone registered who never came may still be named in the notes).
 */
import type { CafeState } from '../../shared/cafe/types.js'
import type { NamedPerson } from '../../shared/summary/anonymise.js'
import type { Storage } from '../storage/storage.js'

const described = (p: { name: string; country?: string | undefined; organisation?: string | undefined }): NamedPerson => ({
  name: p.name,
  ...(p.country ? { country: p.country } : {}),
  ...(p.organisation ? { organisation: p.organisation } : {}),
})

export async function namedPeople(storage: Pick<Storage, 'listRegistrations'>, cafe: CafeState): Promise<NamedPerson[]> {
  const people = Object.values(cafe.people)
  const erased = new Set(people.filter((p) => p.erased).map((p) => p.id))
  const registrations = (await storage.listRegistrations(cafe.id)).filter((r) => !(r.personId !== undefined && erased.has(r.personId)))
  return [
    ...people.map((p) => ({ ...described(p), ...(p.erased ? { erased: true } : {}) })),
    ...registrations.map(described),
  ]
}

/**
 * Café commands as they arrive from clients, parsed with zod before anything else sees them.
 * `join` and `tick` are not here: joining goes through HTTP (it issues a token) and the tick is
 * the server's own timer, so no client can send either.
 */
import { z } from 'zod'
import type { CafeCommand } from '../cafe/commands.js'

const personId = z.string().min(1).max(64)
const table = z.number().int().min(0).max(199)

export const ClientCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('extend'), minutes: z.union([z.literal(1), z.literal(5)]) }),
  z.object({ type: z.literal('end-round') }),
  z.object({ type: z.literal('plan-rotation'), seed: z.number().int().min(0).max(2 ** 31 - 1) }),
  z.object({ type: z.literal('swap-in-plan'), a: personId, b: personId }),
  z.object({ type: z.literal('apply-rotation') }),
  z.object({ type: z.literal('open-harvest') }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('make-host'), personId, table }),
  z.object({ type: z.literal('unset-host'), table }),
  z.object({ type: z.literal('move'), personId, table }),
  z.object({ type: z.literal('remove'), personId }),
  z.object({ type: z.literal('rename-table'), table, name: z.string().trim().max(60) }),
  z.object({ type: z.literal('set-tables'), names: z.array(z.string().trim().max(60)).min(1).max(200) }),
  // The server picks the new person's id (withServerIds), as it does when someone joins.
  z.object({
    type: z.literal('add-person'),
    name: z.string().trim().min(1).max(80),
    table,
    country: z.string().trim().max(60).optional(),
    organisation: z.string().trim().max(120).optional(),
  }),
])
export type ClientCommand = z.infer<typeof ClientCommand>

/** A client's command as the café runs it: ids the server chooses are filled in here. */
export function withServerIds(command: ClientCommand, newPersonId: () => string): CafeCommand {
  return command.type === 'add-person' ? { ...command, id: newPersonId() } : command
}

// Compile-time ties to the café's own command type: a renamed field, or a new command the
// protocol forgot, breaks the build here rather than at the venue.
type IsCafeCommand<T extends CafeCommand> = T
type WithIds<T extends ClientCommand> = T extends { type: 'add-person' } ? T & { id: string } : T
export type ClientCommandIsCafeCommand = IsCafeCommand<WithIds<ClientCommand>>
type Covers<T extends ClientCommand['type']> = T
export type ClientCommandsCoverCafe = Covers<Exclude<CafeCommand['type'], 'join' | 'tick'>>

import { z } from 'zod';
import type { SafetyMemory } from './types.js';

/** An open crisis stops intercepting ordinary messages this long after the last serious one. */
export const CRISIS_TTL_MS = 24 * 60 * 60 * 1000;
/** A gentle question waits this long for its answer. */
export const QUESTION_TTL_MS = 30 * 60 * 1000;

/** At most this many sentences are remembered per question. */
const SAID_MAX = 20;

const MemorySchema = z.union([
  z.strictObject({
    open: z.literal(true),
    tier: z.enum(['imminent', 'serious']),
    reassurances: z.number().int().min(0),
    at: z.number(),
  }),
  z.strictObject({
    open: z.literal(false),
    asked: z.enum(['self', 'fear']),
    at: z.number(),
    said: z.array(z.string()).max(SAID_MAX).optional(),
  }),
]);

/** Reads what is stored in `flags.safety`; anything unreadable counts as nothing stored. */
export function parseSafetyMemory(value: unknown): SafetyMemory | null {
  const parsed = MemorySchema.safeParse(value);
  if (!parsed.success) return null;
  if (parsed.data.open) return parsed.data;
  const { said, ...rest } = parsed.data;
  return said === undefined ? rest : { ...rest, said };
}

/** The memory if it still applies at `now`, or null once it has expired. */
export function activeMemory(memory: SafetyMemory | null, now: number): SafetyMemory | null {
  if (memory === null) return null;
  const ttl = memory.open ? CRISIS_TTL_MS : QUESTION_TTL_MS;
  return now - memory.at < ttl ? memory : null;
}

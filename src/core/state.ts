import { z } from 'zod';
import { ScheduleStateSchema } from './schedule-state.js';

/** Any JSON value; session state holds nothing else so it can be stored and exported as is. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A bag of named JSON values (journey variables, profile, settings, flags). */
export type JsonRecord = Record<string, Json>;

/** The current version of the persisted state shape. */
export const STATE_VERSION = 1;

// Deeper nesting than any flow writes means a damaged payload; the limit also keeps the walk off the stack's edge.
const MAX_JSON_DEPTH = 64;

/** True when `value` is plain JSON: strings, finite numbers, booleans, null, arrays and plain objects of those. */
export function isJson(value: unknown, depth = 0): value is Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  return isJsonRecord(value, depth + 1);
}

function isJsonRecord(value: unknown, depth = 0): value is JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!isJson((value as Record<string, unknown>)[key], depth)) return false;
  return true;
}

// z.json() checks the same through a recursive union of schemas and cost about 2 ms per load of a
// 27 KB state, more than the rest of a turn; this walk does it in a small fraction of that.
const JsonRecordSchema = z.custom<JsonRecord>((value) => isJsonRecord(value), {
  error: 'expected an object of JSON values',
});

const FrameSchema = z.object({
  /** Flow id. */
  id: z.string(),
  /** The flow's `version` when the frame was entered. */
  version: z.number().int(),
  /** The step the user is at (or, in a caller's frame, the `call` step to continue after). */
  step: z.string(),
  vars: JsonRecordSchema,
});

/** Where the user is inside one flow. */
export type Frame = z.infer<typeof FrameSchema>;

const StateSchemaV1 = z.object({
  v: z.literal(1),
  flow: FrameSchema.extend({ stack: z.array(FrameSchema) }).optional(),
  /** Present while the current step waits for an answer; `seq` is baked into that question's button tokens. */
  awaiting: z
    .object({
      seq: z.number().int(),
      selected: z.array(z.string()),
      /** Options offered in a "did you mean" for a typed answer, until the person says which. */
      offered: z.array(z.string()).optional(),
    })
    .optional(),
  /** Counter for questions asked, so a button from an older question is recognised as stale. */
  seq: z.number().int(),
  /** Committed turns; tests and the weekly review read it. */
  turns: z.number().int(),
  profile: JsonRecordSchema,
  settings: JsonRecordSchema,
  stats: JsonRecordSchema,
  /** Sticky safety flags (`contactBlocked` above all); no migration or flow edit may drop them. */
  flags: JsonRecordSchema,
  /** Timers, the daily rhythm's bookkeeping and the outbox of scheduled messages. */
  schedule: ScheduleStateSchema.optional(),
});

/** Everything Steady keeps about one user, JSON only and versioned. */
export type SessionState = z.infer<typeof StateSchemaV1>;

/** How long Steady keeps the state of a user who declined storage: the current conversation only. */
export const CONVERSATION_TTL_SECONDS = 2 * 3600;

/**
 * Seconds a state may live: the configured retention once the user agreed to storage, else the conversation
 * window (someone who said no, and someone who never answered: only /start, or a crisis message first).
 */
export function retentionSeconds(state: SessionState, configuredSeconds: number): number {
  return state.settings.consent === true ? configuredSeconds : Math.min(configuredSeconds, CONVERSATION_TTL_SECONDS);
}

/**
 * The key in `stats` of the last advice a user read: `{ sources, step }`, so "why?" can name its sources.
 * The engine notes it for every step that cites sources; actions that advise note their own.
 */
export const LAST_ADVICE = 'lastAdvice';

/**
 * Lists a turn only ever appends to: what the user wrote (`stats.journal`), past assessments
 * (`profile.assessments`) and the entries that left the recent window of check-ins, moods and prompt
 * history (core/recent.ts). Stores keep their entries apart from the state a turn reads, so a turn sees
 * such a list empty (or absent), and a store adds to the user's history whatever the turn appended. Nothing in them is
 * dropped to save space; /export reads them back in full.
 */
export const HISTORY_LISTS = {
  profile: ['assessments'],
  stats: ['journal', 'pastCheckins', 'pastMoods', 'pastPrompts'],
} as const;

/** True when `key` of `part` names a {@link HISTORY_LISTS} list. */
export function isHistoryList(part: 'profile' | 'stats', key: string): boolean {
  return (HISTORY_LISTS[part] as readonly string[]).includes(key);
}

/** The state as a turn sees it: the {@link HISTORY_LISTS} taken out (other parts kept by reference). */
export function withoutHistory(state: SessionState): SessionState {
  const strip = (part: 'profile' | 'stats'): JsonRecord => {
    const kept: JsonRecord = {};
    // An empty list says "none yet" and costs nothing to keep; only entries move to the history.
    for (const [key, value] of Object.entries(state[part]))
      if (!isHistoryList(part, key) || (Array.isArray(value) && value.length === 0)) kept[key] = value;
    return kept;
  };
  return { ...state, profile: strip('profile'), stats: strip('stats') };
}

/** The state of a user Steady has never seen. */
export function createState(): SessionState {
  return { v: 1, seq: 0, turns: 0, profile: {}, settings: {}, stats: {}, flags: {} };
}

/** The state without a journey in progress; profile, settings, stats and flags stay. */
export function withoutJourney(state: SessionState): SessionState {
  const { flow: _flow, awaiting: _awaiting, ...rest } = state;
  return rest;
}

/**
 * Validates a stored state of any known version and brings it to the current one.
 * A journey position that cannot be read restarts that journey later, but profile, settings,
 * stats and flags are always carried over.
 */
export function parseState(raw: unknown): SessionState {
  const parsed = StateSchemaV1.safeParse(raw);
  if (parsed.success) return parsed.data;
  return salvage(raw);
}

// An unreadable state keeps what it safely can rather than being thrown away: losing the
// contact flag would be worse than losing a journey position.
function salvage(raw: unknown): SessionState {
  const base = createState();
  if (typeof raw !== 'object' || raw === null) return base;
  const record = raw as Record<string, unknown>;
  for (const key of ['profile', 'settings', 'stats', 'flags'] as const) {
    const part = JsonRecordSchema.safeParse(record[key]);
    if (part.success) base[key] = part.data;
  }
  const schedule = ScheduleStateSchema.safeParse(record.schedule);
  if (schedule.success) base.schedule = schedule.data;
  const turns = z.number().int().safeParse(record.turns);
  if (turns.success) base.turns = turns.data;
  return base;
}

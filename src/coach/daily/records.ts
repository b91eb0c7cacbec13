import { z } from 'zod';
import type { Json, JsonRecord } from '../../core/state.js';
import { pastCheckins, pastMoods, pastPrompts } from '../../core/recent.js';

// Stored records are read leniently: an entry that does not fit (written by an older version) is
// skipped rather than failing the user's turn.

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const CheckinSchema = z.object({ date: IsoDate, prompt: z.string(), outcome: z.enum(['done', 'skip', 'journal']) });
const MoodSchema = z.object({ date: IsoDate, score: z.number().int().min(1).max(5) });
const SeenSchema = z.object({ id: z.string(), date: IsoDate });
const JournalSchema = z.object({ date: IsoDate, prompt: z.string().nullable(), text: z.string() });
const ContactSchema = z.object({
  at: z.number(),
  verdict: z.string().optional().catch(undefined),
  outcome: z.enum(['good', 'mixed', 'bad', 'no_reply']).optional().catch(undefined),
});

/** One day's answer to a prompt (`stats.checkins`). */
export type Checkin = z.infer<typeof CheckinSchema>;
/** How a check-in ended. */
export type Outcome = Checkin['outcome'];
/** One mood score per local date (`stats.moods`). */
export type Mood = z.infer<typeof MoodSchema>;
/** A prompt shown on a date (`stats.promptHistory`, newest last). */
export type Seen = z.infer<typeof SeenSchema>;
/** A journal entry (`stats.journal`). */
export type JournalEntry = z.infer<typeof JournalSchema>;
/** The parts of a logged contact (`stats.contacts`) the weekly review reads. */
export type Contact = z.infer<typeof ContactSchema>;

/** How many entries each list keeps; the oldest go first. */
export const CAPS = { checkins: 90, moods: 90, promptHistory: 90, journal: 200 } as const;

function listOf<T>(schema: z.ZodType<T>, value: Json | undefined): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

// The state keeps the last days of check-ins, moods and prompt history; older days are summarised in
// `stats.past` (core/recent.ts). Readers that count days see both; writers append to the recent list only.

/** The check-ins in the state (the recent window), oldest first: the list a turn appends to. */
export const recentCheckins = (stats: Readonly<JsonRecord>): Checkin[] => listOf(CheckinSchema, stats.checkins);
/** Every check-in day the state knows of, oldest first; summarised days have the day's strongest outcome and no prompt. */
export const readCheckins = (stats: Readonly<JsonRecord>): Checkin[] => [
  ...pastCheckins(stats).map((c) => ({ ...c, prompt: '' })),
  ...recentCheckins(stats),
];
/** The mood scores in the state (the recent window): the list a turn appends to. */
export const recentMoods = (stats: Readonly<JsonRecord>): Mood[] => listOf(MoodSchema, stats.moods);
/** Every mood score the state knows of (summarised ones for the progress picture's range), oldest first. */
export const readMoods = (stats: Readonly<JsonRecord>): Mood[] => [...pastMoods(stats), ...recentMoods(stats)];
/** Prompts shown recently, oldest first: the list a turn appends to. */
export const recentSeen = (stats: Readonly<JsonRecord>): Seen[] => listOf(SeenSchema, stats.promptHistory);
/** Prompts shown so far, oldest first; for summarised days, each prompt's last showing. */
export const readSeen = (stats: Readonly<JsonRecord>): Seen[] => [...pastPrompts(stats), ...recentSeen(stats)];
/** Journal entries, oldest first. */
export const readJournal = (stats: Readonly<JsonRecord>): JournalEntry[] => listOf(JournalSchema, stats.journal);
/** Logged contacts that were really sent: a reflection that ended in "wait" or "rework" was not a contact. */
export const readContacts = (stats: Readonly<JsonRecord>): Contact[] =>
  listOf(ContactSchema, stats.contacts).filter((c) => c.verdict === undefined || c.verdict === 'send');

/** `list` plus `item`, keeping only the newest `cap` entries. */
export function appendCapped<T>(list: readonly T[], item: T, cap: number): T[] {
  return [...list, item].slice(-cap);
}

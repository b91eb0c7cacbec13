import type { ActionFn } from '../../engine/actions.js';
import { pickDailyPrompt, recordCheckin, recordMood, saveJournal, weeklyReview } from './daily-actions.js';
import { listenToEntry, type ListenData } from './listen.js';
import type { Prompt } from './prompt-schema.js';

/** The names of the daily actions, known before any data is read. */
export const DAILY_ACTION_NAMES = [
  'pickDailyPrompt',
  'recordCheckin',
  'recordMood',
  'saveJournal',
  'weeklyReview',
  'listenToEntry',
] as const;

/** Named actions for daily self-work (prompt choice, check-ins, streak, journal, weekly review). */
export function dailyActions(
  prompts: readonly Prompt[],
  listen: ListenData,
): Record<(typeof DAILY_ACTION_NAMES)[number], ActionFn> {
  return {
    pickDailyPrompt: pickDailyPrompt(prompts),
    recordCheckin,
    recordMood,
    saveJournal,
    weeklyReview,
    listenToEntry: listenToEntry(listen),
  };
}

import type { ActionFn } from '../../engine/actions.js';
import { pickDailyPrompt, recordCheckin, recordMood, saveJournal, weeklyReview } from './daily-actions.js';

/** Named actions for daily self-work (prompt choice, check-ins, streak, journal, weekly review). */
export const dailyActions: ReadonlyMap<string, ActionFn> = new Map<string, ActionFn>([
  ['pickDailyPrompt', pickDailyPrompt],
  ['recordCheckin', recordCheckin],
  ['recordMood', recordMood],
  ['saveJournal', saveJournal],
  ['weeklyReview', weeklyReview],
]);

import type { ActionFn } from '../actions.js';

/** Named actions for daily self-work (prompt choice, check-ins, streak, journal, weekly review). */
export const dailyActions: ReadonlyMap<string, ActionFn> = new Map<string, ActionFn>([]);

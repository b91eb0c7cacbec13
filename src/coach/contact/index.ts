import type { ActionFn } from '../actions.js';

/** Named actions for pre-contact reflection (draft review, verdict, contact log). */
export const contactActions: ReadonlyMap<string, ActionFn> = new Map<string, ActionFn>([]);

import type { ActionFn } from '../../engine/actions.js';
import { logContact, recordOutcome } from './contact-log.js';
import { reviewDraft } from './draft-review.js';
import { contactRhythm } from './rhythm.js';

/** Named actions for pre-contact reflection (draft review, rhythm and wait date, contact log, outcomes). */
export const contactActions: ReadonlyMap<string, ActionFn> = new Map<string, ActionFn>([
  ['reviewDraft', reviewDraft],
  ['contactRhythm', contactRhythm],
  ['logContact', logContact],
  ['recordOutcome', recordOutcome],
]);

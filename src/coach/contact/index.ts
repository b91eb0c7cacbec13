import type { ActionFn } from '../../engine/actions.js';
import { logContact, recordOutcome } from './contact-log.js';
import type { DraftData } from './draft-rules.js';
import { reviewDraft } from './draft-review.js';
import { contactRhythm } from './rhythm.js';
import { recommendContact } from './verdict.js';

/** The names of the contact actions, known before any data is read. */
export const CONTACT_ACTION_NAMES = [
  'reviewDraft',
  'contactRhythm',
  'logContact',
  'recordOutcome',
  'recommendContact',
] as const;

/** Named actions for pre-contact reflection (draft review, rhythm and wait date, contact log, outcomes). */
export function contactActions(draft: DraftData): Record<(typeof CONTACT_ACTION_NAMES)[number], ActionFn> {
  return {
    reviewDraft: reviewDraft(draft),
    contactRhythm,
    logContact,
    recordOutcome,
    recommendContact: recommendContact(draft),
  };
}

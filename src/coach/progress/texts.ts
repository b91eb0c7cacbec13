import { z } from 'zod';
import { readData, type ContentData } from '../../core/content.js';

/** The data file's name under `locales/en/data/`. */
export const PROGRESS_DATA = 'progress';

const Text = z.string().min(1);
const Outcomes = z.strictObject({ good: Text, mixed: Text, bad: Text, no_reply: Text, pending: Text });
const Mark = z.string().min(1).max(2);

/** The words of the progress picture (`locales/en/data/progress.yaml`). */
export const ProgressTextsSchema = z.strictObject({
  locale: Text,
  title: Text,
  labels: z.strictObject({ mood: Text, checkins: Text, contacts: Text, done: Text, skip: Text, outcomes: Outcomes }),
  summary: z.strictObject({
    intro: Text,
    mood: Text,
    noMood: Text,
    checkins: Text,
    noCheckins: Text,
    contacts: Text,
    noContacts: Text,
    outcomes: Outcomes,
  }),
  empty: Text,
  sparkline: z.strictObject({
    moodLevels: z.array(Mark).length(5),
    none: Mark,
    done: Mark,
    skip: Mark,
    outcomes: z.strictObject({ good: Mark, mixed: Mark, bad: Mark, no_reply: Mark, pending: Mark }),
  }),
});

/** The validated words of the progress picture. */
export type ProgressTexts = z.infer<typeof ProgressTextsSchema>;

/** Reads and validates the progress picture's words; throws a FlowParse error naming the file and field. */
export function readProgressTexts(data: ReadonlyMap<string, ContentData>): ProgressTexts {
  return readData(data, PROGRESS_DATA, ProgressTextsSchema);
}

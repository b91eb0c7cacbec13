import { progressPicture, readProgressTexts } from '../../src/coach/progress/index.js';
import type { Picture } from '../../src/core/picture.js';
import { createState, type JsonRecord, type SessionState } from '../../src/core/state.js';
import type { Reply } from '../../src/core/types.js';
import { resourcesText } from './actions.js';
import { readContentData } from './catalogs.js';

/** The real words of the progress picture. */
export const progressTexts = readProgressTexts(readContentData());

const DAY_MS = 86_400_000;

/** A UTC user's history over the `days` days up to `now`: `mood(i)` and `checkin(i)` per day index (0 = oldest). */
export function historyOf(options: {
  now: number;
  days: number;
  mood?: (i: number) => number | undefined;
  checkin?: (i: number) => 'done' | 'skip' | 'journal' | undefined;
  contacts?: Array<{ daysAgo: number; outcome?: 'good' | 'mixed' | 'bad' | 'no_reply'; verdict?: string }>;
}): SessionState {
  const moods: JsonRecord[] = [];
  const checkins: JsonRecord[] = [];
  for (let i = 0; i < options.days; i += 1) {
    const date = new Date(options.now - (options.days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    const score = options.mood?.(i);
    if (score !== undefined) moods.push({ date, score });
    const outcome = options.checkin?.(i);
    if (outcome !== undefined) checkins.push({ date, prompt: `p${i}`, outcome });
  }
  const contacts = (options.contacts ?? []).map((c) => ({
    at: options.now - c.daysAgo * DAY_MS,
    purpose: 'checkin',
    verdict: c.verdict ?? 'send',
    ...(c.outcome ? { outcome: c.outcome } : {}),
  }));
  return { ...createState(), settings: { timezone: 'UTC', consent: true }, stats: { moods, checkins, contacts } };
}

/** Runs the `progressPicture` action over `state` and returns the reply it sends, if any, and what it said. */
export function drawProgress(
  state: SessionState,
  now: number,
  args: JsonRecord = { days: 30 },
  vars: JsonRecord = {},
): { reply?: Reply & { picture: Picture }; say: string[]; drawn: unknown } {
  const result = progressPicture(progressTexts)({ state, vars, args, now, resourcesText });
  const emitted = result.emit?.find((e) => e.type === 'reply');
  const reply = emitted?.type === 'reply' ? emitted.reply : undefined;
  return {
    ...(reply?.picture ? { reply: reply as Reply & { picture: Picture } } : {}),
    say: result.say ?? [],
    drawn: result.set?.['vars.drawn'],
  };
}

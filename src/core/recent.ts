import type { Json, JsonRecord, SessionState } from './state.js';

// Check-ins, moods and prompt history grow by a few entries a day, yet an ordinary turn reads only their
// last days: today's prompt and check-ins, the week's review, the no-repeat rule of prompt selection.
// The state a turn reads keeps the recent window of each; older entries move, in the commit that drops
// them, to the user's history (the `past*` lists below, which stores keep apart like the journal), and
// what readers still need of them stays as a summary in `stats.past`: one mark per day for check-ins
// (streaks and the progress picture), one score per day for moods (the progress picture's 90 days), and the
// last date each prompt was shown (prompt rotation).

/** Days of entries a windowed list keeps, counted back from its newest entry's date (inclusive). */
export const RECENT_DAYS = 14;
/** A list is cut back only once its oldest entry is this many days beyond the window, so entries move in batches. */
export const RECENT_SLACK_DAYS = 14;
/** Days of mood scores the summary keeps: the longest range of the progress picture. */
export const PAST_MOOD_DAYS = 90;

/** `stats` key of the summary of entries moved out of the windowed lists. */
export const PAST = 'past';

/** The windowed `stats` lists and the history list their older entries move to. */
export const WINDOWED = { checkins: 'pastCheckins', moods: 'pastMoods', promptHistory: 'pastPrompts' } as const;
type Windowed = keyof typeof WINDOWED;

/** The summary of moved entries, as stored in `stats.past`. */
interface Past {
  /** One character per day up to `to`: j journal, d done, s skipped, - none (the strongest outcome of the day). */
  checkins?: { to: string; days: string };
  /** One character per day up to `to`: the score 1-5, or - for none. */
  moods?: { to: string; days: string };
  /** The last date each prompt was shown, by prompt id. */
  prompts?: Record<string, string>;
}

const DAY_MS = 86_400_000;
const dayOf = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dateIn(entry: Json): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  return typeof entry.date === 'string' && ISO.test(entry.date) ? entry.date : undefined;
}

/**
 * `state` with each windowed list cut back to its last {@link RECENT_DAYS} days once it holds older
 * entries than the window and its slack allow: the cut entries are appended to the list's `past*`
 * history list (a store adds them to the user's history in the same commit) and folded into
 * `stats.past`. The very same object when nothing needs to move.
 */
export function windowState(state: SessionState): SessionState {
  let stats: JsonRecord | undefined;
  for (const key of Object.keys(WINDOWED) as Windowed[]) {
    const list = (stats ?? state.stats)[key];
    if (!Array.isArray(list)) continue;
    // ISO dates compare as text, so most turns, whose lists need no cut, parse no date.
    const dates = list.map(dateIn);
    let [oldest, newest] = ['9999', ''];
    for (const date of dates) {
      if (date === undefined) continue;
      if (date < oldest) oldest = date;
      if (date > newest) newest = date;
    }
    if (newest === '' || oldest > dateOf(dayOf(newest) - RECENT_DAYS - RECENT_SLACK_DAYS)) continue;
    const first = dateOf(dayOf(newest) - RECENT_DAYS + 1);
    // An entry without a readable date stays where it is: readers skip it anyway, and nothing is lost.
    const moved = list.filter((_, i) => (dates[i] ?? first) < first);
    const kept = list.filter((_, i) => (dates[i] ?? first) >= first);
    const base = stats ?? { ...state.stats };
    const pending = base[WINDOWED[key]];
    base[key] = kept;
    base[WINDOWED[key]] = [...(Array.isArray(pending) ? pending : []), ...moved];
    base[PAST] = folded(pastOf(base), key, moved) as unknown as Json;
    stats = base;
  }
  return stats === undefined ? state : { ...state, stats };
}

function pastOf(stats: Readonly<JsonRecord>): Past {
  const past = stats[PAST];
  return typeof past === 'object' && past !== null && !Array.isArray(past) ? (past as Past) : {};
}

function folded(past: Past, key: Windowed, moved: readonly Json[]): Past {
  const records = moved.filter((e): e is JsonRecord => typeof e === 'object' && e !== null && !Array.isArray(e));
  switch (key) {
    case 'checkins': {
      const checkins = marked(past.checkins, records, checkinMark);
      return checkins === undefined ? past : { ...past, checkins };
    }
    case 'moods': {
      const moods = marked(past.moods, records, moodMark, PAST_MOOD_DAYS);
      return moods === undefined ? past : { ...past, moods };
    }
    case 'promptHistory': {
      const prompts = { ...past.prompts };
      for (const r of records) {
        if (typeof r.id !== 'string' || typeof r.date !== 'string') continue;
        if ((prompts[r.id] ?? '') < r.date) prompts[r.id] = r.date;
      }
      return { ...past, prompts };
    }
  }
}

const MARK_RANK = '-sdj';

function checkinMark(entry: JsonRecord): string {
  return entry.outcome === 'journal' ? 'j' : entry.outcome === 'done' ? 'd' : entry.outcome === 'skip' ? 's' : '-';
}

function moodMark(entry: JsonRecord): string {
  const score = entry.score;
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5 ? String(score) : '-';
}

// Days run up to the newest moved entry; a day with two entries keeps the stronger mark (check-ins) or the later one (moods).
function marked(
  run: { to: string; days: string } | undefined,
  entries: readonly JsonRecord[],
  mark: (entry: JsonRecord) => string,
  limit = Number.POSITIVE_INFINITY,
): { to: string; days: string } | undefined {
  const dated = entries.filter((e) => typeof e.date === 'string' && ISO.test(e.date));
  if (dated.length === 0) return run;
  const start =
    run === undefined ? Math.min(...dated.map((e) => dayOf(e.date as string))) : dayOf(run.to) - run.days.length + 1;
  const end = Math.max(run === undefined ? start : dayOf(run.to), ...dated.map((e) => dayOf(e.date as string)));
  const chars = Array.from({ length: end - start + 1 }, (_, i) => run?.days[i] ?? '-');
  for (const entry of dated) {
    const i = dayOf(entry.date as string) - start;
    if (i < 0) continue;
    const next = mark(entry);
    const current = chars[i] ?? '-';
    chars[i] = mark === checkinMark && MARK_RANK.indexOf(current) > MARK_RANK.indexOf(next) ? current : next;
  }
  return { to: dateOf(end), days: chars.slice(-limit).join('') };
}

/** Each summarised day of check-ins as `{ date, outcome }`, oldest first. */
export function pastCheckins(stats: Readonly<JsonRecord>): { date: string; outcome: 'journal' | 'done' | 'skip' }[] {
  const OUTCOMES = { j: 'journal', d: 'done', s: 'skip' } as const;
  return daysOf(pastOf(stats).checkins).flatMap(({ date, char }) => {
    const outcome = OUTCOMES[char as keyof typeof OUTCOMES] as (typeof OUTCOMES)[keyof typeof OUTCOMES] | undefined;
    return outcome === undefined ? [] : [{ date, outcome }];
  });
}

/** Each summarised day's mood as `{ date, score }`, oldest first. */
export function pastMoods(stats: Readonly<JsonRecord>): { date: string; score: number }[] {
  return daysOf(pastOf(stats).moods).flatMap(({ date, char }) =>
    char >= '1' && char <= '5' ? [{ date, score: Number(char) }] : [],
  );
}

/** The last date each summarised prompt was shown, as `{ id, date }`, oldest first. */
export function pastPrompts(stats: Readonly<JsonRecord>): { id: string; date: string }[] {
  const prompts = pastOf(stats).prompts;
  if (typeof prompts !== 'object' || prompts === null) return [];
  return Object.entries(prompts)
    .filter(([, date]) => typeof date === 'string' && ISO.test(date))
    .map(([id, date]) => ({ id, date }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

function daysOf(run: { to: string; days: string } | undefined): { date: string; char: string }[] {
  if (typeof run !== 'object' || run === null || typeof run.to !== 'string' || typeof run.days !== 'string') return [];
  if (!ISO.test(run.to)) return [];
  const start = dayOf(run.to) - run.days.length + 1;
  return [...run.days].map((char, i) => ({ date: dateOf(start + i), char }));
}

/** `state` (with its history lists read back) with each windowed list whole again: moved entries first, in order. */
export function withPast(state: SessionState): SessionState {
  const stats: JsonRecord = { ...state.stats };
  for (const [key, pastKey] of Object.entries(WINDOWED)) {
    const past = stats[pastKey];
    if (!Array.isArray(past)) continue;
    const recent = stats[key];
    stats[key] = [...past, ...(Array.isArray(recent) ? recent : [])];
    delete stats[pastKey];
  }
  return { ...state, stats };
}

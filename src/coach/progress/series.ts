import type { ChartDay, ChartOutcome } from '../../core/picture.js';
import type { JsonRecord } from '../../core/state.js';
import { addDays, localDate } from '../daily/dates.js';
import { readCheckins, readContacts, readMoods } from '../daily/records.js';

/** The ranges the picture offers, in days. */
export const PROGRESS_RANGES = [30, 90] as const;

/** One entry per local day of the last `days` days (today last), from the user's check-ins, moods and contacts. */
export function progressDays(stats: Readonly<JsonRecord>, now: number, zone: string, days: number): ChartDay[] {
  const to = localDate(now, zone);
  const dates = Array.from({ length: days }, (_, i) => addDays(to, i - days + 1));
  const moods = new Map(readMoods(stats).map((m) => [m.date, m.score]));
  const checkins = new Map<string, 'done' | 'skip'>();
  for (const c of readCheckins(stats)) {
    if (checkins.get(c.date) !== 'done') checkins.set(c.date, c.outcome === 'skip' ? 'skip' : 'done');
  }
  const contacts = new Map<string, ChartOutcome[]>();
  for (const c of [...readContacts(stats)].sort((a, b) => a.at - b.at)) {
    const date = localDate(c.at, zone);
    contacts.set(date, [...(contacts.get(date) ?? []), c.outcome ?? 'pending']);
  }
  return dates.map((date) => {
    const mood = moods.get(date);
    const checkin = checkins.get(date);
    return {
      date,
      ...(mood === undefined ? {} : { mood }),
      ...(checkin === undefined ? {} : { checkin }),
      contacts: contacts.get(date) ?? [],
    };
  });
}

/** True when the days hold nothing to draw. */
export function isEmpty(days: readonly ChartDay[]): boolean {
  return days.every((d) => d.mood === undefined && d.checkin === undefined && d.contacts.length === 0);
}

import { addDays } from './dates.js';
import type { Checkin } from './records.js';

/**
 * The streak rule:
 * - a *check-in day* is a local date with at least one check-in marked done or journal; each one adds 1;
 * - a *skip day* has only skipped check-ins: it adds nothing, but it is not a missed day either;
 * - a *missed day* has no check-in at all. One missed day between check-ins is forgiven;
 *   two missed days in a row end the streak;
 * - today is never counted as missed, since the day is not over yet.
 */
export function streakOn(checkins: readonly Checkin[], today: string): number {
  return streakDetail(checkins, today).streak;
}

/** The streak and how many missed days inside it were forgiven, so a message mentions the rule only when it was used. */
export function streakDetail(checkins: readonly Checkin[], today: string): { streak: number; forgiven: number } {
  const marks = dayMarks(checkins);
  const earliest = [...marks.keys()].sort()[0];
  if (earliest === undefined) return { streak: 0, forgiven: 0 };
  let streak = 0;
  let forgiven = 0;
  let missedInRow = 0;
  for (let day = today; day >= earliest; day = dayBefore(day)) {
    const mark = marks.get(day);
    if (mark === undefined) {
      if (day !== today && ++missedInRow >= 2) break;
      continue;
    }
    // A missed day with check-ins on both sides was forgiven.
    if (missedInRow === 1) forgiven += 1;
    missedInRow = 0;
    if (mark === 'counted') streak += 1;
  }
  return { streak, forgiven };
}

// The walk back goes over the same dates turn after turn (up to three months of them, several times a turn);
// working each one out with Date and an ISO string again was a fifth of a check-in turn.
const BEFORE = new Map<string, string>();
/** Dates remembered before the memory starts again, so it never grows without end. */
const REMEMBERED = 4_096;

function dayBefore(day: string): string {
  let before = BEFORE.get(day);
  if (before === undefined) {
    if (BEFORE.size >= REMEMBERED) BEFORE.clear();
    before = addDays(day, -1);
    BEFORE.set(day, before);
  }
  return before;
}

type Mark = 'counted' | 'skipped';

function dayMarks(checkins: readonly Checkin[]): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  for (const checkin of checkins) {
    if (marks.get(checkin.date) === 'counted') continue;
    marks.set(checkin.date, checkin.outcome === 'skip' ? 'skipped' : 'counted');
  }
  return marks;
}

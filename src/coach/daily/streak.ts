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
  const marks = dayMarks(checkins);
  const earliest = [...marks.keys()].sort()[0];
  if (earliest === undefined) return 0;
  let streak = 0;
  let missedInRow = 0;
  for (let day = today; day >= earliest; day = addDays(day, -1)) {
    const mark = marks.get(day);
    if (mark === undefined) {
      if (day !== today && ++missedInRow >= 2) break;
      continue;
    }
    missedInRow = 0;
    if (mark === 'counted') streak += 1;
  }
  return streak;
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

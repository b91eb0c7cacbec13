import type { SessionState } from '../core/state.js';
import type { Effect, Input } from '../core/types.js';
import type { EngineTexts } from './turn.js';

// Steady never lets anyone think a person is writing: it says it is an automated program when a
// conversation starts after a pause, again after hours of use, and whenever it is asked.

/** A pause this long or longer makes the next message the start of a new conversation. */
export const PAUSE_MS = 86_400_000;
/** In a long conversation, the reminder comes again after this much use since the last one. */
export const REMIND_EVERY_MS = 3 * 3_600_000;
/** A gap between two messages up to this long counts as use in full; a longer one counts only this much. */
export const SITTING_GAP_MS = 3_600_000;

/**
 * After a turn the user started: when it opened a conversation after a pause of {@link PAUSE_MS} or more, or
 * the use since the last reminder reached {@link REMIND_EVERY_MS}, the reminder goes before the turn's replies
 * (after a safety answer, which always comes first). A brand-new user is not told twice: the welcome says it.
 */
export function withReminder(
  before: SessionState,
  after: SessionState,
  effects: Effect[],
  input: Input,
  now: number,
  texts: EngineTexts,
): { state: SessionState; effects: Effect[] } {
  // A turn that answered "are you a real person?" has just said it.
  // An edit that only needed screening says nothing, and gets no reminder either.
  const silentEdit = input.kind === 'edited' && !effects.some((e) => e.type === 'reply');
  if (input.kind === 'due' || input.kind === 'signal' || silentEdit || after.schedule?.disclosedAt === now)
    return { state: after, effects };
  const lastActive = before.schedule?.lastActive;
  const gap = lastActive === undefined ? PAUSE_MS : now - lastActive;
  const paused = gap >= PAUSE_MS;
  const used = (before.schedule?.usedMs ?? 0) + (paused ? 0 : Math.min(gap, SITTING_GAP_MS));
  const longUse = used >= REMIND_EVERY_MS;
  if (!paused && !longUse) return { state: { ...after, schedule: { ...after.schedule, usedMs: used } }, effects };
  const state = disclosedNow(after, now);
  const brandNew = lastActive === undefined && before.settings.onboarded !== true;
  if (brandNew) return { state, effects };
  const note: Effect = {
    type: 'reply',
    reply: { kind: 'info', text: texts.text(paused ? 'automated' : 'stillAutomated') },
  };
  const at = effects.findIndex((e) => e.type === 'reply' && e.reply.kind !== 'safety');
  const index = at === -1 ? effects.length : at;
  return { state, effects: [...effects.slice(0, index), note, ...effects.slice(index)] };
}

/** The state noting that Steady said it is an automated program at `now`. */
export function disclosedNow(state: SessionState, now: number): SessionState {
  return { ...state, schedule: { ...state.schedule, disclosedAt: now, usedMs: 0 } };
}

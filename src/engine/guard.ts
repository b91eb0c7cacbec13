import { assertNever } from '../core/errors.js';
import { parseSafetyMemory, type SafetyResult } from '../safety/index.js';
import { withoutJourney, type JsonRecord } from '../core/state.js';
import { reshowQuestion } from './answer.js';
import { countryOf, type Turn } from './turn.js';
import type { Reply } from '../core/types.js';

/** How many sentences a user said were not about hurting themselves are remembered (the newest). */
const SAFE_SAID_KEPT = 50;

/** Whether a screened message may still go on to the flow. */
export type Guarded = 'continue' | 'stop';

/**
 * Screens free text before any flow sees it: a crisis stops the journey and answers with care, a
 * legal or safety signal closes contact help for good, distress gets a gentle word first.
 */
export function guardText(turn: Turn, text: string): Guarded {
  const memory = parseSafetyMemory(turn.state.flags.safety);
  const safeSaid = Array.isArray(turn.state.flags.safeSaid)
    ? turn.state.flags.safeSaid.filter((hash): hash is string => typeof hash === 'string')
    : [];
  const result = turn.program.safety.respond(memory, text, {
    now: turn.now,
    country: countryOf(turn.program, turn.state),
    safeSaid,
  });
  // As data, like every effect: the pure core counts nothing itself, and a turn that loses its race counts nothing.
  if (result.judged !== undefined) turn.effects.push({ type: 'safety', tier: result.judged });
  turn.state = { ...turn.state, flags: flagsAfter(turn.state.flags, result) };
  const gateClosedJourney = result.contactGate !== undefined && inContactHelp(turn);
  if (gateClosedJourney) turn.state = withoutJourney(turn.state);
  switch (result.kind) {
    case 'none':
      return gateClosedJourney ? 'stop' : 'continue';
    case 'checkIn':
      sayAll(turn, result.replies);
      // A question of ours is waiting for its answer; the flow's own question waits with it.
      return gateClosedJourney || result.awaitsAnswer === true ? 'stop' : 'continue';
    case 'crisis':
      turn.state = withoutJourney(turn.state);
      sayAll(turn, result.replies);
      return 'stop';
    case 'closed':
      sayAll(turn, result.replies);
      if (turn.state.awaiting) reshowQuestion(turn);
      return 'stop';
    default:
      return assertNever(result);
  }
}

// Safety memory lives in flags so no flow edit or journey reset can drop it. Prompts are held from
// a crisis until the user is back to ordinary conversation.
function flagsAfter(flags: JsonRecord, result: SafetyResult): JsonRecord {
  const { safety: _old, promptsHeld: _held, ...rest } = flags;
  const next: JsonRecord = { ...rest };
  if (result.memory !== null) next.safety = result.memory;
  if (result.kind === 'crisis' || (flags.promptsHeld === true && result.memory !== null)) next.promptsHeld = true;
  if (result.safeSaid !== undefined) {
    const known = Array.isArray(flags.safeSaid) ? flags.safeSaid : [];
    next.safeSaid = [...known, ...result.safeSaid].slice(-SAFE_SAID_KEPT);
  }
  if (result.contactGate !== undefined) {
    next.contactBlocked = true;
    next.contactBlockedReason = result.contactGate;
  }
  return next;
}

function inContactHelp(turn: Turn): boolean {
  const frame = turn.state.flow;
  if (!frame) return false;
  return [frame, ...frame.stack].some((f) => turn.program.registry.flows.get(f.id)?.contactHelp === true);
}

function sayAll(turn: Turn, replies: Reply[]): void {
  for (const reply of replies) turn.effects.push({ type: 'reply', reply });
}

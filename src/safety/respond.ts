import { assertNever } from '../core/errors.js';
import type { Reply } from '../core/types.js';
import { AFFIRM, anyMatch, DENY, REASSURANCE, SAFE, UNSAFE } from './language.js';
import { activeMemory } from './memory.js';
import { fill, gateText, resourcesText, safetyReply, type ResourceFocus } from './replies.js';
import { screen } from './screen.js';
import { SAFETY_TEXTS as T } from './texts.js';
import type {
  CrisisTier,
  OpenCrisis,
  PendingQuestion,
  SafetyContext,
  SafetyMemory,
  SafetyResult,
  Screening,
} from './types.js';

/** Whose safety a crisis is about, which picks the first words and the services listed first. */
type Concern = 'self' | 'abused' | 'harmOthers';

const OPENING: Readonly<Record<Concern, string>> = {
  self: T.openSelf,
  abused: T.openAbused,
  harmOthers: T.openHarmOthers,
};
const FOCUS: Readonly<Record<Concern, ResourceFocus>> = { self: 'crisis', abused: 'abuse', harmOthers: 'abuse' };

/**
 * Decides what Steady does with one free-text message before any flow sees it. Pure: the open
 * crisis (if any) comes in as `memory` and the new memory goes out in the decision; the first
 * answer needs no stored state, so it works while the store is down.
 */
export function respond(memory: SafetyMemory | null, text: string, context: SafetyContext): SafetyResult {
  const screening = screen(text);
  const decision = decide(screening, activeMemory(memory, context.now), text, context);
  const gated =
    decision.contactGate !== undefined || screening.gate === undefined
      ? decision
      : { ...decision, contactGate: screening.gate };
  // Only the tier goes out for counting; which rules matched stays here, with the text.
  const judged = screening.tier ?? decision.judged;
  return judged === undefined ? gated : { ...gated, judged };
}

function decide(screening: Screening, active: SafetyMemory | null, text: string, context: SafetyContext): SafetyResult {
  const tier = screening.tier === 'imminent' || screening.tier === 'serious' ? screening.tier : undefined;
  // A new serious message always opens (or re-opens) a crisis, whatever was remembered.
  if (tier !== undefined) return openCrisis(concernOf(screening), tier, active, context);
  if (active?.open === true) return continueCrisis(active, text, context);
  if (active?.open === false) {
    const answered = answerQuestion(active, text, context);
    if (answered !== undefined) return answered;
  }
  return checkInOrNone(screening, context);
}

function concernOf(screening: Screening): Concern {
  const has = (category: Screening['categories'][number]): boolean => screening.categories.includes(category);
  if (has('suicide') || has('method') || has('selfHarm')) return 'self';
  return has('abused') ? 'abused' : 'harmOthers';
}

function openCrisis(
  concern: Concern,
  tier: CrisisTier,
  active: SafetyMemory | null,
  context: SafetyContext,
): SafetyResult {
  const stillOpen = active?.open === true ? active : undefined;
  const nextTier: CrisisTier = tier === 'imminent' || stillOpen?.tier === 'imminent' ? 'imminent' : 'serious';
  const first = stillOpen === undefined ? OPENING[concern] : T.more;
  const opening = tier === 'imminent' ? `${first} ${fill(T.now, context.country)}` : first;
  const closing = stillOpen === undefined ? [safetyReply(T.whatSteadyIs)] : [];
  const replies = [
    safetyReply(opening),
    safetyReply(resourcesText(context.country, FOCUS[concern])),
    ...closing,
    safetyReply(T.askSafe),
  ];
  return crisis(replies, { open: true, tier: nextTier, reassurances: 0, at: context.now });
}

function crisis(replies: Reply[], memory: OpenCrisis): SafetyResult {
  return { kind: 'crisis', replies, memory, holdPrompts: true };
}

type CrisisAnswer = 'unsafe' | 'safe' | 'reassured' | 'other';

function readCrisisAnswer(text: string): CrisisAnswer {
  const normal = text
    .trim()
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
  // "Not safe" first: "I'm not ok" must never count as "I'm ok".
  if (anyMatch(UNSAFE, normal)) return 'unsafe';
  if (anyMatch(SAFE, normal)) return 'safe';
  return anyMatch(REASSURANCE, normal) ? 'reassured' : 'other';
}

function continueCrisis(active: OpenCrisis, text: string, context: SafetyContext): SafetyResult {
  const answer = readCrisisAnswer(text);
  switch (answer) {
    case 'unsafe':
      return crisis([safetyReply(fill(T.notSafe, context.country)), safetyReply(resourcesText(context.country))], {
        ...active,
        reassurances: 0,
      });
    case 'safe':
      return closed();
    case 'reassured':
      // One "I'm fine" is not enough to close a crisis: ask once more and offer the list again.
      if (active.reassurances >= 1) return closed();
      return crisis([safetyReply(T.askAgain), safetyReply(resourcesText(context.country))], {
        ...active,
        reassurances: 1,
      });
    case 'other':
      return crisis([safetyReply(T.stillHere), safetyReply(T.askSafe)], active);
    default:
      return assertNever(answer);
  }
}

function closed(): SafetyResult {
  return { kind: 'closed', replies: [safetyReply(T.closed)], memory: null };
}

function answerQuestion(pending: PendingQuestion, text: string, context: SafetyContext): SafetyResult | undefined {
  const normal = text
    .trim()
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
  if (anyMatch(DENY, normal)) return { kind: 'closed', replies: [safetyReply(T.answeredNo)], memory: null };
  if (anyMatch(AFFIRM, normal) || anyMatch(UNSAFE, normal)) {
    // A yes to the gentle question counts as a serious message in its own right.
    const opened: SafetyResult = {
      ...openCrisis(pending.asked === 'fear' ? 'abused' : 'self', 'serious', null, context),
      judged: 'serious',
    };
    return pending.asked === 'fear' ? { ...opened, contactGate: 'safety' } : opened;
  }
  if (anyMatch(REASSURANCE, normal)) return { kind: 'closed', replies: [safetyReply(T.answeredNo)], memory: null };
  return undefined;
}

function checkInOrNone(screening: Screening, context: SafetyContext): SafetyResult {
  const replies: Reply[] = [];
  if (screening.gate !== undefined) replies.push(safetyReply(gateText(screening.gate)));
  if (screening.categories.includes('thirdParty')) {
    replies.push(safetyReply(`${fill(T.thirdParty, context.country)}\n${resourcesText(context.country)}`));
  }
  if (screening.ambiguous) {
    const asked = screening.ask ?? 'self';
    replies.push(safetyReply(asked === 'fear' ? T.askFear : T.askSelf));
    const memory: PendingQuestion = { open: false, asked, at: context.now };
    return { kind: 'checkIn', replies, memory, awaitsAnswer: true };
  }
  if (screening.tier === 'distress') replies.push(safetyReply(T.distress));
  return replies.length === 0 ? { kind: 'none', memory: null } : { kind: 'checkIn', replies, memory: null };
}

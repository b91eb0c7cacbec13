import { assertNever } from '../core/errors.js';
import type { Reply } from '../core/types.js';
import { anyMatch, type Language } from './language.js';
import { activeMemory } from './memory.js';
import { resourcesFor } from './resources.js';
import { emergencyOf, gateText, resourcesText, safetyReply, type ResourceFocus, type Voice } from './replies.js';
import type {
  Concern,
  CrisisTier,
  OpenCrisis,
  PendingQuestion,
  SafetyContext,
  SafetyMemory,
  SafetyResult,
  Screening,
} from './types.js';

/** What a response is made from: the screen, the words of crisis answers, and what Steady says. */
export interface Responder {
  screen(text: string): Screening;
  /** Hashes of the sentences of `text`, as the screen reads them (normalised), for remembering "no". */
  sentenceHashes(text: string): string[];
  /** The sentences of `text`, normalised, in the order of `sentenceHashes`. */
  sentencesOf(text: string): string[];
  answers: Language['answers'];
  voice: Voice;
}

/** At most this many sentences of one message are remembered after a "no". */
const SAID_MAX = 20;

const OPENING = { self: 'openSelf', child: 'openChild', abused: 'openAbused', harmOthers: 'openHarmOthers' } as const;
const FOCUS: Readonly<Record<Concern, ResourceFocus>> = {
  self: 'crisis',
  child: 'child',
  abused: 'abuse',
  harmOthers: 'abuse',
};

/**
 * Decides what Steady does with one free-text message before any flow sees it. Pure: the open
 * crisis (if any) comes in as `memory` and the new memory goes out in the decision; the first
 * answer needs no stored state, so it works while the store is down.
 */
export function respond(
  by: Responder,
  memory: SafetyMemory | null,
  text: string,
  context: SafetyContext,
): SafetyResult {
  const screening = withoutKnownSafe(by, by.screen(text), text, context);
  const decision = decide(by, screening, activeMemory(memory, context.now), text, linesFor(by, screening, context));
  const gated =
    decision.contactGate !== undefined || screening.gate === undefined
      ? decision
      : { ...decision, contactGate: screening.gate };
  // Only the tier goes out for counting; which rules matched stays here, with the text.
  const judged = screening.tier ?? decision.judged;
  return judged === undefined ? gated : { ...gated, judged };
}

/** The user's country, or, when Steady has no list for it, the country of the language the message is in. */
function linesFor(by: Responder, screening: Screening, context: SafetyContext): SafetyContext {
  if (screening.lang === undefined || resourcesFor(by.voice.lines, context.country) !== undefined) return context;
  const country = by.voice.lines.languages[screening.lang];
  return country === undefined ? context : { ...context, country };
}

/**
 * A check-in the user already answered "no" to is not asked again for the same sentences ("I can't live without
 * you" in a draft): the message is screened again without them. A crisis tier is never set aside this way.
 */
function withoutKnownSafe(by: Responder, screening: Screening, text: string, context: SafetyContext): Screening {
  const known = context.safeSaid;
  if (!screening.ambiguous || screening.tier === 'serious' || screening.tier === 'imminent') return screening;
  if (known === undefined || known.length === 0) return screening;
  const hashes = by.sentenceHashes(text);
  if (!hashes.some((hash) => known.includes(hash))) return screening;
  const rest = by.sentencesOf(text).filter((_, i) => !known.includes(hashes[i] ?? ''));
  const again = by.screen(rest.join('. '));
  return { ...again, ...(screening.gate !== undefined ? { gate: screening.gate } : {}) };
}

function decide(
  by: Responder,
  screening: Screening,
  active: SafetyMemory | null,
  text: string,
  context: SafetyContext,
): SafetyResult {
  const tier = screening.tier === 'imminent' || screening.tier === 'serious' ? screening.tier : undefined;
  // A new serious message always opens (or re-opens) a crisis, whatever was remembered.
  if (tier !== undefined) return openCrisis(by, concernOf(screening), tier, active, context);
  if (active?.open === true) return continueCrisis(by, active, text, context);
  if (active?.open === false) {
    const answered = answerQuestion(by, active, text, context);
    if (answered !== undefined) return answered;
  }
  return checkInOrNone(by, screening, text, context);
}

function concernOf(screening: Screening): Concern {
  const has = (category: Screening['categories'][number]): boolean => screening.categories.includes(category);
  if (has('suicide') || has('method') || has('selfHarm')) return 'self';
  if (has('childSafety')) return 'child';
  return has('abused') ? 'abused' : 'harmOthers';
}

function openCrisis(
  by: Responder,
  concern: Concern,
  tier: CrisisTier,
  active: SafetyMemory | null,
  context: SafetyContext,
): SafetyResult {
  const { texts } = by.voice;
  const stillOpen = active?.open === true ? active : undefined;
  const nextTier: CrisisTier = tier === 'imminent' || stillOpen?.tier === 'imminent' ? 'imminent' : 'serious';
  const emergency = emergencyOf(by.voice, context.country);
  const first = stillOpen === undefined ? texts.text(OPENING[concern], { emergency }) : texts.text('more');
  // Harm to others and a child at risk lead with the emergency number whatever the tier.
  const urgent = tier === 'imminent' || concern === 'harmOthers';
  const opening = urgent ? `${first} ${texts.text('now', { emergency })}` : first;
  const closing = stillOpen === undefined ? [safetyReply(texts.text('whatSteadyIs'))] : [];
  const replies = [
    safetyReply(opening),
    safetyReply(resourcesText(by.voice, context.country, FOCUS[concern])),
    ...closing,
    safetyReply(texts.text('askSafe')),
  ];
  return crisis(replies, { open: true, tier: nextTier, reassurances: 0, at: context.now }, concern);
}

function crisis(replies: Reply[], memory: OpenCrisis, concern?: Concern): SafetyResult {
  return concern === undefined
    ? { kind: 'crisis', replies, memory, holdPrompts: true }
    : { kind: 'crisis', replies, memory, holdPrompts: true, concern };
}

type CrisisAnswer = 'unsafe' | 'safe' | 'reassured' | 'other';

function normalAnswer(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
}

function readCrisisAnswer(answers: Responder['answers'], text: string): CrisisAnswer {
  const normal = normalAnswer(text);
  // "Not safe" first: "I'm not ok" must never count as "I'm ok".
  if (anyMatch(answers.unsafe, normal)) return 'unsafe';
  if (anyMatch(answers.safe, normal)) return 'safe';
  return anyMatch(answers.reassurance, normal) ? 'reassured' : 'other';
}

function continueCrisis(by: Responder, active: OpenCrisis, text: string, context: SafetyContext): SafetyResult {
  const { voice } = by;
  const answer = readCrisisAnswer(by.answers, text);
  const resources = (): Reply => safetyReply(resourcesText(voice, context.country));
  switch (answer) {
    case 'unsafe': {
      const notSafe = voice.texts.text('notSafe', { emergency: emergencyOf(voice, context.country) });
      return crisis([safetyReply(notSafe), resources()], { ...active, reassurances: 0 });
    }
    case 'safe':
      return closed(by);
    case 'reassured':
      // One "I'm fine" is not enough to close a crisis: ask once more and offer the list again.
      if (active.reassurances >= 1) return closed(by);
      return crisis([safetyReply(voice.texts.text('askAgain')), resources()], { ...active, reassurances: 1 });
    case 'other':
      return crisis([safetyReply(voice.texts.text('stillHere')), safetyReply(voice.texts.text('askSafe'))], active);
    default:
      return assertNever(answer);
  }
}

function closed(by: Responder, key: 'closed' | 'answeredNo' = 'closed'): SafetyResult {
  return { kind: 'closed', replies: [safetyReply(by.voice.texts.text(key))], memory: null };
}

function answerQuestion(
  by: Responder,
  pending: PendingQuestion,
  text: string,
  context: SafetyContext,
): SafetyResult | undefined {
  const { answers } = by;
  const normal = normalAnswer(text);
  if (anyMatch(answers.deny, normal)) return remembered(closed(by, 'answeredNo'), pending);
  if (anyMatch(answers.affirm, normal) || anyMatch(answers.unsafe, normal)) {
    // A yes to the gentle question counts as a serious message in its own right.
    const opened: SafetyResult = {
      ...openCrisis(by, pending.asked === 'fear' ? 'abused' : 'self', 'serious', null, context),
      judged: 'serious',
    };
    return pending.asked === 'fear' ? { ...opened, contactGate: 'safety' } : opened;
  }
  if (anyMatch(answers.reassurance, normal)) return remembered(closed(by, 'answeredNo'), pending);
  return undefined;
}

function remembered(result: SafetyResult, pending: PendingQuestion): SafetyResult {
  return pending.asked === 'self' && pending.said !== undefined ? { ...result, safeSaid: pending.said } : result;
}

function checkInOrNone(by: Responder, screening: Screening, text: string, context: SafetyContext): SafetyResult {
  const { voice } = by;
  const replies: Reply[] = [];
  if (screening.gate !== undefined) replies.push(safetyReply(gateText(voice.texts, screening.gate)));
  if (screening.categories.includes('thirdParty')) {
    const note = voice.texts.text('thirdParty', { emergency: emergencyOf(voice, context.country) });
    // Two messages, so neither is a wall of text: the care first, then the lines to reach.
    replies.push(safetyReply(note), safetyReply(resourcesText(voice, context.country)));
  }
  if (screening.ambiguous) {
    const asked = screening.ask ?? 'self';
    replies.push(safetyReply(voice.texts.text(asked === 'fear' ? 'askFear' : 'askSelf')));
    const said = by.sentenceHashes(text).slice(0, SAID_MAX);
    const memory: PendingQuestion = { open: false, asked, at: context.now, ...(said.length > 0 ? { said } : {}) };
    return { kind: 'checkIn', replies, memory, awaitsAnswer: true };
  }
  if (screening.tier === 'distress') replies.push(safetyReply(voice.texts.text('distress')));
  return replies.length === 0 ? { kind: 'none', memory: null } : { kind: 'checkIn', replies, memory: null };
}

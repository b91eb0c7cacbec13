import type { Reply, SafetyTier } from '../core/types.js';

export type { SafetyTier };

/** The tiers that stop a journey and open a crisis conversation. */
export type CrisisTier = Exclude<SafetyTier, 'distress'>;

/** What a message is about; one message can show several. */
export type SafetyCategory =
  | 'suicide'
  | 'method'
  | 'selfHarm'
  | 'harmOthers'
  | 'abused'
  | 'childSafety'
  | 'stalking'
  | 'legalNoContact'
  | 'thirdParty'
  | 'distress'
  | 'ambiguous';

/** Why Steady stops helping with contact to the spouse. */
export type GateReason = 'legal' | 'safety' | 'stalking';

/** What one message shows, from the rules alone (pure, no state). */
export interface Screening {
  /** For an ambiguous phrase: what the gentle question should ask about. */
  ask?: 'self' | 'fear';
  /** The most urgent tier of any matched rule; absent when none has a tier. */
  tier?: SafetyTier;
  categories: SafetyCategory[];
  /** True when a matched rule needs no reading between the lines. */
  explicit: boolean;
  /** True when a phrase could be a figure of speech or could be more; Steady asks. */
  ambiguous: boolean;
  /** Set when the message should switch off help with contacting the spouse. */
  gate?: GateReason;
  /** Ids of the rules that matched, for tests and metrics (never the text itself); `classifier.*` for the classifier. */
  rules: string[];
  /** The language of a non-English rule that matched: its country's lines answer a user of unknown country. */
  lang?: string;
}

/** An open crisis conversation: Steady asked whether the user is safe. A type, not an interface, so it is assignable to Json. */
export type OpenCrisis = {
  open: true;
  tier: CrisisTier;
  /** How many times the user has said they are fine since the last serious message. */
  reassurances: number;
  /** Epoch ms of the last serious message. */
  at: number;
};

/** Steady asked a gentle question about an ambiguous phrase; the next answer decides. */
export type PendingQuestion = {
  open: false;
  /** What the question asked about: thoughts of self-harm, or fear of someone. */
  asked: 'self' | 'fear';
  /** Hashes of the sentences of the message asked about, remembered if the answer is no. */
  said?: string[];
  /** Epoch ms of the question. */
  at: number;
};

/** What Steady remembers between messages about safety; JSON only (stored in `flags.safety`). */
export type SafetyMemory = OpenCrisis | PendingQuestion;

/** Whose safety a crisis answer is about, which picks its first words and the services listed first. */
export type Concern = 'self' | 'child' | 'abused' | 'harmOthers';

/** What to do with one free-text message, before any flow sees it. */
export type SafetyDecision =
  /** Nothing to do; the flow handles the text (memory null = clear what is stored). */
  | { kind: 'none'; memory: SafetyMemory | null }
  /** Say these first, then the flow handles the text as usual; `awaitsAnswer` when the replies end in a question. */
  | { kind: 'checkIn'; replies: Reply[]; memory: SafetyMemory | null; awaitsAnswer?: true }
  /** Stop the flow and answer only these (led by `concern`); scheduled prompts wait until the user re-engages. */
  | { kind: 'crisis'; replies: Reply[]; memory: OpenCrisis; holdPrompts: true; concern?: Concern }
  /** The crisis closes; say these and do not resume the flow on its own. */
  | { kind: 'closed'; replies: Reply[]; memory: null };

/**
 * A decision, plus the contact gate when this message sets it, `safeSaid` (sentences the user has said are
 * not about hurting themselves, to remember so the same words are not asked about again), and `judged`: how urgent the message itself
 * was (its rules' tier, or `serious` for a yes to a gentle question), so safety events can be counted.
 */
export type SafetyResult = SafetyDecision & { contactGate?: GateReason; judged?: SafetyTier; safeSaid?: string[] };

/** What the caller knows about the turn. */
export interface SafetyContext {
  /** Epoch ms (from the injected clock). */
  now: number;
  /** Two-letter country code, or anything else for the international list. */
  country: string;
  /** Sentences (hashes) the user has already said are not about hurting themselves: not asked about again. */
  safeSaid?: readonly string[];
}

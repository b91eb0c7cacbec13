import { advance, type Program } from '../src/engine/advance.js';
import type { Choice, Effect, Input, Reply } from '../src/core/types.js';
import { loadContent } from '../src/app/content.js';
import { createProgram } from '../src/engine/turn.js';
import { createState, type SessionState } from '../src/core/state.js';

// Realistic turns for the benchmarks, taken from test/transcripts/*.yaml and played against the real
// flows/: what an established user does on one day. Every section that needs "a realistic user"
// imports from here, so figures across sections describe the same person.

// === Scripts

/** One thing the user does: types text or a command (`user`), or presses the offered button labelled `press`. */
export type Step = { user: string } | { press: string };

/** A named conversation, from its command to where the user stops. */
export interface Script {
  name: string;
  steps: readonly Step[];
}

/** Age and consent, then closing the menu (test/transcripts/onboarding.yaml). */
export const onboardingTurns: Script = {
  name: 'onboarding',
  steps: [
    { user: '/start' },
    { press: "Yes, I'm 18 or older" },
    { press: 'Yes, remember my answers' },
    { press: 'Show me everything first' },
    { press: 'Nothing for now' },
  ],
};

// The eight assessment answers, one of them typed as people do: the choose step matches it against the options.
const ASSESSMENT_STEPS: readonly Step[] = [
  { press: "We're married" },
  { press: 'Still under one roof' },
  { press: 'Space or time' },
  { user: 'they love me but want me to change' },
  { press: 'Neutral, polite' },
  { press: 'Pleading or begging them to stay' },
  { press: 'Texting or calling a lot' },
  { press: 'Done' },
  { press: 'Yes' },
  { press: 'None of these' },
];
// The plan is read card by card: the summary, what to stop, the stance, the home rhythm, where the sources
// differ on moving out, the children (assess-plan.yaml).
const PLAN_CARDS: readonly Step[] = Array.from({ length: 6 }, () => ({ press: 'Next' }));

/** A first assessment: the eight questions, the plan card by card, then "Not now" to daily prompts (assess.yaml). */
export const firstAssessment: Script = {
  name: 'assessment',
  steps: [{ user: '/assess' }, ...ASSESSMENT_STEPS, ...PLAN_CARDS, { press: 'Not now' }],
};

/** The assessment retaken: "Start over" instead of the plan again, then as {@link firstAssessment}. */
export const assessmentAnswers: Script = {
  name: 'assessment',
  steps: [{ user: '/assess' }, { press: 'Start over' }, ...ASSESSMENT_STEPS, ...PLAN_CARDS, { press: 'Not now' }],
};

/** A draft the reviewer has something to say about (pleading, relationship talk, several questions). */
export const REALISTIC_DRAFT =
  'Hi, thanks for taking the kids on Saturday, they had a great time. I know you said you need space ' +
  "and I'm trying to respect that, but I really miss us and the life we had. Could we meet for a coffee this week, " +
  'just to talk? Please, even half an hour would mean a lot to me. Let me know what works for you?';

/** A contact reflection with a draft review, ending in "Wait a while" (contact-draft.yaml). */
export const draftReviewTurns: Script = {
  name: 'draft review',
  steps: [
    { user: '/contact' },
    { press: 'Replying to something they sent' },
    { press: 'Calm' },
    { press: "Yes, I'll paste my draft" },
    { user: REALISTIC_DRAFT },
    { press: 'A reply' },
    { press: 'Wait a while' },
  ],
};

/** The day's check-in: mood, then the prompt answered with Done (today.yaml). */
export const dailyCheckinTurns: Script = {
  name: 'daily check-in',
  steps: [{ user: '/today' }, { press: '3 · so-so' }, { press: 'Done' }],
};

/** A check-in answered with a journal entry; used for the users' history, not in the timed mix (see buildUser). */
export const journalCheckinTurns: Script = {
  name: 'journal check-in',
  steps: [
    { user: '/today' },
    { press: '4 · good' },
    { press: 'Write about it' },
    {
      user:
        'Hard morning. I wanted to text them about the weekend but went for a walk instead. Felt a bit better after, ' +
        'and I noticed I was calmer when we talked about the kids.',
    },
  ],
};

/** What one user does in one round of the benchmarks, in order: 29 turns. */
export const MIX: readonly Script[] = [assessmentAnswers, draftReviewTurns, dailyCheckinTurns];

/** Turns per round of {@link MIX}. */
export const MIX_TURNS = MIX.reduce((sum, script) => sum + script.steps.length, 0);

/** Turns of {@link MIX} by script and by kind of input, for the reports. */
export function mixComposition(): { byScript: Record<string, number>; byKind: Record<string, number> } {
  const byScript: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const script of MIX) {
    byScript[script.name] = script.steps.length;
    for (const step of script.steps) {
      const kind = 'press' in step ? 'choice' : step.user.startsWith('/') ? 'command' : 'text';
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
  }
  return { byScript, byKind };
}

// === Inputs

/** The real flows and actions, loaded and linted as at startup. */
export async function loadProgram(dir = 'flows'): Promise<Program> {
  const { registry, actions } = await loadContent(dir);
  return createProgram(registry, actions);
}

/** The input for `step`, given the buttons on offer; throws if the button is not there (the flows changed). */
export function toInput(step: Step, offered: readonly Choice[]): Input {
  if ('user' in step) {
    const command = /^\/([a-z_]+)\s*(.*)$/.exec(step.user);
    return command
      ? { kind: 'command', command: command[1] ?? '', args: command[2] ?? '' }
      : { kind: 'text', text: step.user };
  }
  const choice = offered.find((c) => c.label === step.press);
  if (!choice) {
    throw new Error(
      `bench workload: no button '${step.press}' among ${JSON.stringify(offered.map((c) => c.label))}; ` +
        'the flows changed, so update bench/workload.ts.',
    );
  }
  return { kind: 'choice', token: choice.id };
}

/** The buttons on offer after a turn's replies: the last question's, else what was on offer before. */
export function offeredAfter(replies: readonly Reply[], before: readonly Choice[]): readonly Choice[] {
  return [...replies].reverse().find((r) => r.choices)?.choices ?? before;
}

function repliesOf(effects: readonly Effect[]): Reply[] {
  return effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
}

// === Driving advance() directly

/** One turn as `advance` saw it, so it can be computed again in isolation. */
export interface RecordedTurn {
  script: string;
  kind: Input['kind'];
  state: SessionState;
  input: Input;
  now: number;
}

/** Where a played user stands: their state, the buttons on offer, and the clock. */
export interface Played {
  state: SessionState;
  offered: readonly Choice[];
  now: number;
}

/** Seconds a user takes between two turns of a script. */
const THINK_MS = 20_000;
/** One day. */
export const DAY_MS = 86_400_000;

/** Plays `script` through `advance` from `from`; `record` receives every turn. Pure apart from `record`. */
export function playScript(
  program: Program,
  from: Played,
  script: Script,
  record?: (turn: RecordedTurn) => void,
): Played {
  let { state, offered, now } = from;
  for (const step of script.steps) {
    const input = toInput(step, offered);
    record?.({ script: script.name, kind: input.kind, state, input, now });
    const next = advance(program, state, input, now);
    state = next.state;
    offered = offeredAfter(repliesOf(next.effects), offered);
    now += THINK_MS;
  }
  return { state, offered, now };
}

/** Options of {@link buildUser}. */
export interface UserOptions {
  /** Days of history before the bench's day (default 90). */
  days?: number;
  /** When the first day's evening starts (epoch ms; default 5 January 2026, 18:00 UTC). */
  start?: number;
  /** Where the engine would send scheduled messages; the engine records it on a user's first turn. */
  reach?: { platform: string; address: string };
}

/** An established user, and when their next day (the bench's day) starts. */
export interface BuiltUser {
  state: SessionState;
  /** The evening after the last day of history: where the bench's first round is played. */
  next: number;
}

/**
 * A user `days` into Steady, built by playing the real flows: onboarding, then every evening one round
 * of {@link MIX}, with a journal entry instead of "Done" every third day. After 90 days every capped list
 * (check-ins, moods, prompt history, past assessments) is full, so the state keeps its size while a
 * benchmark repeats the mix one day per round; a younger user's state would grow during the run.
 */
export function buildUser(program: Program, options: UserOptions = {}): BuiltUser {
  const {
    days = 90,
    start = Date.UTC(2026, 0, 5, 18, 0),
    reach = { platform: 'bench', address: 'chat-bench' },
  } = options;
  const base = createState();
  let played: Played = { state: { ...base, schedule: { reach } }, offered: [], now: start };
  played = playScript(program, played, onboardingTurns);
  for (let day = 0; day < days; day += 1) {
    played = { ...played, now: start + day * DAY_MS };
    for (const script of MIX) {
      const chosen =
        script === dailyCheckinTurns && day % 3 === 2
          ? journalCheckinTurns
          : script === assessmentAnswers && day === 0
            ? firstAssessment
            : script;
      played = playScript(program, played, chosen);
    }
  }
  return { state: played.state, next: start + days * DAY_MS };
}

/** Every turn of one round of {@link MIX} played by `user` on their next day, for timing `advance` alone. */
export function recordMix(program: Program, user: BuiltUser): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  let played: Played = { state: user.state, offered: [], now: user.next };
  for (const script of MIX) played = playScript(program, played, script, (turn) => turns.push(turn));
  return turns;
}

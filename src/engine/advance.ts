import { assertNever } from '../core/errors.js';
import { withoutJourney, type SessionState } from '../core/state.js';
import { answerChoice, answerText, reshowQuestion, runAside } from './answer.js';
import { flowCommands } from './commands.js';
import { handleDue, withActivity, withPlan } from './due.js';
import { guardText } from './guard.js';
import { parseSafetyMemory } from '../safety/index.js';
import { disclosedNow, withReminder } from './honesty.js';
import { parseToken } from './present.js';
import { routeRequest } from './requests.js';
import { startFlow } from './run.js';
import { countryOf, type Program, type Turn } from './turn.js';
import type { Effect, Input } from '../core/types.js';
import { sameJson } from './same-json.js';

export type { Program } from './turn.js';

/** The new state and the effects to run once it is committed. */
export interface Advanced {
  state: SessionState;
  effects: Effect[];
}

/** Longest free text a turn accepts; anything longer is answered, never stored or truncated. */
export const MAX_INPUT_CHARS = 8000;

/** A first message of at least this many words tells something, and is acknowledged before the welcome. */
export const STORY_WORDS = 4;

/** Flow ids with a built-in role: `/start` runs `start`; `/menu` and idle text run `menu`. */
export const START_FLOW = 'start';
export const MENU_FLOW = 'menu';

/**
 * Computes one turn: the state after `input` and the effects to run. Pure: no I/O, no clock but `now`,
 * and the given state is never mutated, so a turn that loses a race can simply be computed again.
 */
export function advance(program: Program, state: SessionState, input: Input, now: number): Advanced {
  if (input.kind === 'signal') return { state: withPlan(state, markUnreachable(state), now), effects: [] };
  const turn: Turn = {
    program,
    state: { ...withActivity(state, input, now), turns: state.turns + 1 },
    effects: [],
    now,
  };
  welcomeBack(turn, input);
  // After a repair the message was meant for a question that no longer exists; only commands still apply.
  if (repairPosition(turn) && input.kind !== 'command') return finish(state, turn, input);
  dispatch(turn, input);
  return finish(state, turn, input);
}

function finish(before: SessionState, turn: Turn, input?: Input): Advanced {
  markLeft(before, turn);
  const told = input ? withReminder(before, turn.state, turn.effects, input, turn.now, turn.program.texts) : turn;
  turn.state = told.state;
  turn.effects = told.effects;
  return { state: withPlan(before, turn.state, turn.now), effects: withProfileChange(before, turn) };
}

function dispatch(turn: Turn, input: Exclude<Input, { kind: 'signal' }>): void {
  switch (input.kind) {
    case 'command':
      handleCommand(turn, deepLinked(turn, input.command, input.args));
      break;
    case 'text':
      handleText(turn, input.text);
      break;
    case 'choice':
      handleChoice(turn, input.token);
      break;
    case 'due':
      handleDue(turn, (t, flowId) => startFlow(t, flowId));
      break;
    case 'unsupported':
      // Words that came with a photo or a file are screened like any text: a crisis answer comes first.
      if (input.text !== undefined && input.text.trim() !== '' && guardText(turn, input.text) === 'stop') break;
      say(turn, turn.program.texts.text('unsupported'), true);
      break;
    case 'edited':
      // The original was answered; new words are only screened, so a crisis typed into an edit is not missed.
      if (input.text.trim() !== '') guardText(turn, input.text);
      break;
    default:
      assertNever(input);
  }
}

// A question that was waiting before the turn, neither answered nor still waiting after it, was left.
function markLeft(before: SessionState, turn: Turn): void {
  const waiting = before.awaiting ? before.flow : undefined;
  if (!waiting) return;
  const answered = turn.effects.some(
    (e) => e.type === 'step' && e.outcome === 'answered' && e.flow === waiting.id && e.step === waiting.step,
  );
  const after = turn.state.flow;
  const stillThere = turn.state.awaiting !== undefined && after?.id === waiting.id && after.step === waiting.step;
  if (!answered && !stillThere)
    turn.effects.push({ type: 'step', flow: waiting.id, step: waiting.step, outcome: 'left' });
}

// A user who blocked the bot is paused and gets nothing scheduled; /resume, once they are back, re-arms.
function markUnreachable(state: SessionState): SessionState {
  return { ...state, settings: { ...state.settings, unreachable: true, paused: true } };
}

// The first word from a user Steady could not reach clears the mark and says why prompts are paused.
function welcomeBack(turn: Turn, input: Input): void {
  if (input.kind === 'due' || turn.state.settings.unreachable === undefined) return;
  const { unreachable: _gone, ...settings } = turn.state.settings;
  turn.state = { ...turn.state, settings };
  if (typeof settings.dailyTime === 'string') say(turn, turn.program.texts.text('welcomeBack'));
}

// A journey whose flow or step was edited away restarts from its beginning with a one-line notice.
function repairPosition(turn: Turn): boolean {
  const frame = turn.state.flow;
  if (!frame) return false;
  const flow = turn.program.registry.flows.get(frame.id);
  const stackIntact = frame.stack.every((f) =>
    turn.program.registry.flows.get(f.id)?.steps.some((s) => s.id === f.step),
  );
  if (flow?.steps.some((s) => s.id === frame.step) && stackIntact) return false;
  turn.effects.push({ type: 'reply', reply: { kind: 'info', text: turn.program.texts.text('flowChanged') } });
  turn.state = withoutJourney(turn.state);
  const restartId = frame.stack[0]?.id ?? frame.id;
  if (turn.program.registry.flows.has(restartId)) startFlow(turn, restartId);
  return true;
}

// === Inputs

function handleCommand(turn: Turn, command: string): void {
  const { flows } = turn.program.registry;
  const { texts } = turn.program;
  if (command === 'help') return say(turn, helpText(turn.program, turn.state), true);
  if (command === 'cancel') {
    turn.state = withoutJourney(turn.state);
    say(turn, texts.text('cancelled'));
    return startIfExists(turn, MENU_FLOW);
  }
  // A second /start while the welcome's question waits (a platform's own start button, say) asks it again,
  // so the welcome is said once.
  if (command === 'start' && turn.state.flow?.id === START_FLOW && turn.state.awaiting) return reshowQuestion(turn);
  if (command === 'start' || command === 'menu') return startOrHelp(turn, command === 'start' ? START_FLOW : MENU_FLOW);
  const flow = [...flows.values()].find((f) => f.command === command);
  if (flow?.aside) return runAside(turn, entryFor(turn, flow.id));
  if (flow) return startFlow(turn, entryFor(turn, flow.id));
  say(turn, texts.text('unknownCommand'), true);
}

/**
 * `/start <journey>` opens that journey, as a link into the chat (Telegram's `?start=assess`) sends it. Only a
 * flow's own command counts; anything else is a plain `/start`. Onboarding still comes first where it applies.
 */
function deepLinked(turn: Turn, command: string, args: string): string {
  if (command !== START_FLOW) return command;
  const payload = args.trim().toLowerCase();
  const known = [...turn.program.registry.flows.values()].some((f) => f.command === payload);
  return known ? payload : command;
}

function handleText(turn: Turn, raw: string): void {
  const text = cleanText(raw);
  const { texts } = turn.program;
  if (text.length === 0) return say(turn, texts.text('empty'), true);
  const checkedIn = newcomerCheckedIn(turn);
  // Safety reads even a message too long to keep: a crisis must never be lost to a length limit.
  if (guardText(turn, raw) === 'stop') return checkedIn ? welcomeAfterCheckIn(turn) : undefined;
  if (text.length > MAX_INPUT_CHARS) return say(turn, texts.text('tooLong', { max: MAX_INPUT_CHARS }), true);
  if (turn.program.realPerson.matches(text)) return answerRealPerson(turn);
  if (!turn.state.flow || !turn.state.awaiting) return freeText(turn, text, checkedIn);
  answerText(turn, text);
}

// A newcomer whose first words drew the safety screen's check-in question, which this message answers.
function newcomerCheckedIn(turn: Turn): boolean {
  if (turn.state.settings.onboarded === true || turn.state.flow) return false;
  const memory = parseSafetyMemory(turn.state.flags.safety);
  return memory !== null && !memory.open;
}

// The check-in was answered and closed (no crisis opened): the story told first is heard and the welcome starts.
function welcomeAfterCheckIn(turn: Turn): void {
  const memory = parseSafetyMemory(turn.state.flags.safety);
  if (memory !== null || turn.state.flow) return;
  say(turn, turn.program.texts.text('firstAfterCheckIn'));
  startOrHelp(turn, MENU_FLOW);
}

// Text outside a journey: a newcomer's first words are heard and the welcome starts; later, a request is routed
// to its command, and anything else gets a short word on what Steady can do.
function freeText(turn: Turn, text: string, checkedIn = false): void {
  const { texts, registry } = turn.program;
  if (turn.state.settings.onboarded !== true) {
    // A story (or an answer to the check-in a story drew) is acknowledged before the welcome; "hello" is not.
    if (checkedIn || text.split(/\s+/).length >= STORY_WORDS) say(turn, texts.text('firstMessage'));
    return startOrHelp(turn, MENU_FLOW);
  }
  const request = routeRequest(turn.program, text);
  const known = request !== undefined && [...registry.flows.values()].some((f) => f.command === request.command);
  if (request && known) return handleCommand(turn, request.command);
  // Once the contact gate is closed, Steady no longer offers help with a message to the spouse.
  say(turn, texts.text(turn.state.flags.contactBlocked === true ? 'canDoGated' : 'canDo'));
}

function handleChoice(turn: Turn, token: string): void {
  const parsed = parseToken(token);
  const awaiting = turn.state.awaiting;
  if (!parsed || !awaiting || parsed.seq !== awaiting.seq || !answerChoice(turn, parsed.pick)) {
    say(turn, turn.program.texts.text('expired'), true);
    if (!turn.state.awaiting) startIfExists(turn, MENU_FLOW);
  }
}

// Truthful at any point, in any journey: the answer, then the open question again, which still waits.
function answerRealPerson(turn: Turn): void {
  turn.state = disclosedNow(turn.state, turn.now);
  say(turn, turn.program.texts.text('realPersonAnswer'), true);
}

// === Helpers

// Until onboarding is done (age and consent), journeys wait: the flow marked `onboarding` runs first.
function entryFor(turn: Turn, flowId: string): string {
  const { flows } = turn.program.registry;
  const flow = flows.get(flowId);
  const onboarding = [...flows.values()].find((f) => f.onboarding);
  if (!onboarding || turn.state.settings.onboarded === true || flow?.open === true) return flowId;
  return onboarding.id;
}

/**
 * Normalises typed text: NFC, without control characters, zero-width spaces, byte-order marks or
 * bidi overrides, trimmed. Joiners stay, since emoji sequences and several scripts need them.
 * Text with nothing visible left counts as empty.
 */
export function cleanText(raw: string): string {
  const text = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
    .trim();
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(text) ? text : '';
}

// Says `text`; with `reshow`, asks the open question again so the user knows where they are.
function say(turn: Turn, text: string, reshow = false): void {
  turn.effects.push({ type: 'reply', reply: { kind: 'info', text } });
  if (reshow && turn.state.awaiting) reshowQuestion(turn);
}

function startOrHelp(turn: Turn, flowId: string): void {
  if (turn.program.registry.flows.has(flowId)) return startFlow(turn, entryFor(turn, flowId));
  say(turn, helpText(turn.program, turn.state), true);
}

function startIfExists(turn: Turn, flowId: string): void {
  if (turn.program.registry.flows.has(flowId)) startFlow(turn, entryFor(turn, flowId));
}

/** The help text with the command list filled in from the flows that declare a command. */
export function helpText(program: Program, state: SessionState): string {
  const lines = flowCommands(program.registry.flows.values()).map((c) => `/${c.command} — ${c.description}`);
  const resources = program.safety.resourcesText(countryOf(program, state));
  return program.texts.text('help', { commands: lines.join('\n'), resources });
}

function withProfileChange(before: SessionState, turn: Turn): Effect[] {
  const after = turn.state.profile;
  if (after === before.profile) return turn.effects;
  // States are updated by copying, so an untouched value keeps its identity; only values that are new
  // objects are compared by content, by walking them rather than serialising (the profile holds long histories).
  const keys = [...new Set([...Object.keys(before.profile), ...Object.keys(after)])].filter(
    (k) => before.profile[k] !== after[k] && !sameJson(before.profile[k], after[k]),
  );
  return keys.length > 0 ? [...turn.effects, { type: 'profileChanged', keys }] : turn.effects;
}

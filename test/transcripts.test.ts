import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACTION_NAMES, createActions } from '../src/coach/index.js';
import { readPath, scopeOf } from '../src/core/vars.js';
import type { Input, Reply } from '../src/core/types.js';
import { loadFlows } from '../src/flow/loader.js';
import { countWords, MAX_MESSAGE_WORDS } from '../src/flow/lint.js';
import type { UserKey } from '../src/session/store.js';
import { createUserKeyer } from '../src/session/user-key.js';
import { createState, type SessionState } from '../src/core/state.js';
import { createTestEngine, eventFrom, manualClock, testSecret } from './support/engine.js';

// A transcript is a conversation against the real flows/: what the user does, and what must follow.
const Expectation = z.union([
  z.strictObject({ say: z.string() }),
  z.strictObject({ not_say: z.string() }),
  z.strictObject({ offer: z.array(z.string()) }),
  z.strictObject({ state: z.record(z.string(), z.json()) }),
  z.strictObject({ document: z.string() }),
  // A reply carries a picture whose alternative text contains this; `no_picture` says none was sent.
  z.strictObject({ picture: z.string() }),
  z.strictObject({ no_picture: z.literal(true) }),
]);
// `later` moves the clock before the turn: a number and a unit, e.g. `3h`, `1d`, `15m`.
const Later = z.string().regex(/^\d+(m|h|d)$/);
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const Turn = z.strictObject({
  later: Later.optional(),
  user: z.string().optional(),
  press: z.string().optional(),
  // Presses this button again and again while it is offered (reading a plan card by card); the checks
  // then apply to everything said on the way.
  press_all: z.string().optional(),
  press_stale: z.string().optional(),
  // The scheduler's turn: whatever of the user's is due at this moment (a prompt, a follow-up) runs.
  due: z.literal(true).optional(),
  // The user changed an earlier message to these words (an edit), or sent a photo or file with them (a caption).
  edit: z.string().optional(),
  caption: z.string().optional(),
  // What the platform says of the user with this turn: its language tag (en-IE) and time zone.
  locale: z.string().optional(),
  timezone: z.string().optional(),
  expect: z.array(Expectation).default([]),
});
// `given` is the state the user starts in (profile, settings, stats, flags); `start` the clock's start (ISO).
const Given = z.strictObject({
  profile: z.record(z.string(), z.json()).optional(),
  settings: z.record(z.string(), z.json()).optional(),
  stats: z.record(z.string(), z.json()).optional(),
  flags: z.record(z.string(), z.json()).optional(),
});
const Transcript = z.strictObject({
  name: z.string(),
  start: z.iso.datetime({ offset: true }).optional(),
  given: Given.optional(),
  turns: z.array(Turn).min(1),
});
type Transcript = z.infer<typeof Transcript>;

const DIR = 'test/transcripts';
// Personas (test/transcripts/personas/) are whole people played end to end; they run like the rest.
const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort();
// Reference texts a user asked for in full; every other message must fit the length rule of the flows.
const LONG_COMMANDS = /^\/(export|privacy|help)\b/;
const MAX_PRESSES = 30;
const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);

describe('transcripts', () => {
  it('should find transcripts to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const transcripts = z.array(Transcript).parse(parse(readFileSync(join(DIR, file), 'utf8')));
    for (const transcript of transcripts) {
      it(`${file}: ${transcript.name}`, async () => play(transcript));
    }
  }
});

async function play(transcript: Transcript): Promise<void> {
  const secret = testSecret();
  const clock = manualClock(transcript.start ? Date.parse(transcript.start) : undefined);
  const engine = createTestEngine({ registry, actions }, { secret, clock });
  const user = createUserKeyer(secret)('test', 'someone') as UserKey;
  if (transcript.given) await engine.store.commit(user, givenState(transcript.given), 0, 'given');
  let offered: Reply['choices'] = [];
  let stale: Reply['choices'] = [];
  for (const [index, turn] of transcript.turns.entries()) {
    const what = turn.user ?? turn.press ?? turn.press_all ?? turn.press_stale ?? turn.edit ?? turn.caption ?? 'due';
    const where = `turn ${index + 1} (${what})`;
    if (turn.later)
      clock.advance(Number.parseInt(turn.later, 10) * UNIT_MS[turn.later.slice(-1) as keyof typeof UNIT_MS]);
    const replies: Reply[] = [];
    for (let presses = 0; presses < MAX_PRESSES; presses++) {
      const input = toInput(turn, offered, stale, where);
      const facts = {
        ...(turn.locale ? { locale: turn.locale } : {}),
        ...(turn.timezone ? { timezone: turn.timezone } : {}),
      };
      const outcome = await engine.handle({ ...eventFrom('someone', input), ...facts });
      replies.push(...outcome.replies);
      const question = [...outcome.replies].reverse().find((r) => r.choices);
      if (question) [stale, offered] = [offered, question.choices];
      if (turn.press_all === undefined || !offered?.some((c) => c.label === turn.press_all)) break;
    }
    if (!LONG_COMMANDS.test(turn.user ?? '')) checkLength(replies, where);
    // Everything kept about the user, the history lists (journal, past assessments) included.
    const stored = (await engine.store.export(user)) as { state: SessionState | null };
    const state = stored.state ?? createState();
    for (const check of turn.expect) verify(check, replies, offered ?? [], state, where);
  }
}

function givenState(given: z.infer<typeof Given>): SessionState {
  const base = createState();
  return {
    ...base,
    profile: given.profile ?? base.profile,
    settings: given.settings ?? base.settings,
    stats: given.stats ?? base.stats,
    flags: given.flags ?? base.flags,
  };
}

function toInput(turn: z.infer<typeof Turn>, offered: Reply['choices'], stale: Reply['choices'], where: string): Input {
  if (turn.due) return { kind: 'due' };
  if (turn.edit !== undefined) return { kind: 'edited', text: turn.edit };
  if (turn.caption !== undefined) return { kind: 'unsupported', text: turn.caption };
  if (turn.user !== undefined) {
    const command = /^\/([a-z_]+)\s*(.*)$/.exec(turn.user);
    return command
      ? { kind: 'command', command: command[1] ?? '', args: command[2] ?? '' }
      : { kind: 'text', text: turn.user };
  }
  const label = turn.press ?? turn.press_all ?? turn.press_stale;
  const from = turn.press_stale === undefined ? offered : stale;
  const choice = from?.find((c) => c.label === label);
  if (!choice) throw new Error(`${where}: no button '${label}' among ${JSON.stringify(from?.map((c) => c.label))}`);
  return { kind: 'choice', token: choice.id };
}

// No journey message over the length rule the flow linter holds step texts to, whatever an action adds.
function checkLength(replies: Reply[], where: string): void {
  for (const reply of replies) {
    expect(
      countWords(reply.text),
      `${where}: a message of more than ${MAX_MESSAGE_WORDS} words: ${reply.text}`,
    ).toBeLessThanOrEqual(MAX_MESSAGE_WORDS);
  }
}

function verify(
  check: z.infer<typeof Expectation>,
  replies: Reply[],
  offered: NonNullable<Reply['choices']>,
  state: Parameters<typeof scopeOf>[0],
  where: string,
): void {
  const said = replies.map((r) => r.text).join('\n---\n');
  if ('say' in check) expect(said, where).toContain(check.say);
  else if ('not_say' in check) expect(said, where).not.toContain(check.not_say);
  else if ('offer' in check)
    expect(
      offered.map((c) => c.label),
      where,
    ).toEqual(check.offer);
  else if ('document' in check)
    expect(replies.find((r) => r.document)?.document?.content ?? '', where).toContain(check.document);
  else if ('picture' in check)
    expect(replies.find((r) => r.picture)?.picture?.alt ?? '', where).toContain(check.picture);
  else if ('no_picture' in check)
    expect(
      replies.filter((r) => r.picture),
      where,
    ).toEqual([]);
  // `null` in a transcript means "not set".
  else
    for (const [path, value] of Object.entries(check.state))
      expect(readPath(scopeOf(state), path) ?? null, `${where}: ${path}`).toEqual(value);
}

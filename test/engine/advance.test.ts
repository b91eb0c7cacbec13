import { describe, expect, it } from 'vitest';
import { advance, MAX_INPUT_CHARS, type Advanced } from '../../src/engine/advance.js';
import { tokenFor } from '../../src/engine/present.js';
import type { Input, Reply } from '../../src/core/types.js';
import { ErrorCode } from '../../src/core/errors.js';
import { createState, type SessionState } from '../../src/core/state.js';
import { messages, programOf } from '../support/program.js';

const NOW = Date.UTC(2026, 10, 22, 9, 0);

const QUIZ = `
id: quiz
version: 1
title: Quiz
command: quiz
steps:
  - { id: hello, type: say, role: info, text: "Hi {$profile.name}" }
  - id: living
    type: choose
    text: Where do you live?
    save: profile.living
    options:
      - { id: together, label: We live together, add: { vars.score: 1 } }
      - { id: apart, label: We live apart, add: { vars.score: 3 }, synonyms: [separately] }
  - id: doing
    type: choose
    multi: true
    text: What have you been doing?
    save: profile.doing
    options:
      - { id: pleading, label: Pleading, add: { vars.score: 2 } }
      - { id: texting, label: Texting often, add: { vars.score: 1 } }
      - { id: space, label: Giving space }
  - { id: level, type: action, action: scoreLevel, args: { from: vars.score, to: profile.damage, levels: [{ upTo: 2, value: low }, { value: high }] } }
  - { id: name, type: ask, text: "Your first name?", save: profile.name, validate: { maxLength: 20 }, reask: "Too long." }
  - id: route
    type: branch
    cases: [{ if: { all: [{ var: profile.damage, eq: high }, { var: profile.doing, includes: pleading }] }, then: help }]
    else: done
  - { id: help, type: call, flow: calm }
  - { id: done, type: end, role: info, text: "Bye {$profile.name}" }
`;

const CALM = `
id: calm
version: 1
title: Calm
steps:
  - { id: breathe, type: say, sources: ["004"], text: Breathe slowly. }
  - { id: ok, type: choose, text: Ready?, save: vars.ok, options: [{ id: "yes", label: "Yes" }] }
  - { id: later, type: timer, timer: followup, after: 1d, flow: calm }
`;

const LOOP = `
id: loop
version: 1
title: Loop
command: loop
steps:
  - { id: a, type: set, set: { vars.x: 1 }, next: b }
  - { id: b, type: say, role: info, text: again, next: a }
`;

const program = programOf(QUIZ, CALM, LOOP);

function run(state: SessionState, ...inputs: Input[]): Advanced {
  let result: Advanced = { state, effects: [] };
  for (const input of inputs) result = advance(program, result.state, input, NOW);
  return result;
}

const cmd = (command: string): Input => ({ kind: 'command', command, args: '' });
const text = (value: string): Input => ({ kind: 'text', text: value });
const choice = (token: string): Input => ({ kind: 'choice', token });

function replies(result: Advanced): Reply[] {
  return result.effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
}

function texts(result: Advanced): string[] {
  return replies(result).map((r) => r.text);
}

describe('advance', () => {
  it('should run say steps and stop at the first question with tokenised buttons', () => {
    const result = run(createState(), cmd('quiz'));
    expect(texts(result)).toEqual(['Hi ', 'Where do you live?']);
    expect(replies(result)[1]?.choices).toEqual([
      { id: tokenFor(1, 0), label: 'We live together' },
      { id: tokenFor(1, 1), label: 'We live apart' },
    ]);
    expect(result.state.awaiting).toEqual({ seq: 1, selected: [] });
    expect(result.state.turns).toBe(1);
  });

  it('should accept a button, a typed number, a label or a synonym for the same answer', () => {
    const start = run(createState(), cmd('quiz')).state;
    for (const answer of [choice(tokenFor(1, 1)), text('2'), text('we live APART!'), text('separately')]) {
      expect(run(start, answer).state.profile.living).toBe('apart');
    }
  });

  it('should answer a stale or forged button with the expired notice and the current question', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    for (const token of [tokenFor(1, 0), 'garbage', '', tokenFor(2, 9), 'x'.repeat(500)]) {
      const result = run(start, choice(token));
      expect(texts(result)).toEqual([messages.expired, 'What have you been doing?']);
      expect(result.state.profile).toEqual(start.profile);
    }
  });

  it('should re-ask with a hint when typed text matches no option', () => {
    const start = run(createState(), cmd('quiz')).state;
    const result = run(start, text('on the moon'));
    expect(texts(result)[0]).toContain('“We live together”, “We live apart”');
    expect(texts(result)[1]).toBe('Where do you live?');
    expect(result.state.awaiting).toEqual(start.awaiting);
  });

  it('should echo an answer it takes from typed words', () => {
    const start = run(createState(), cmd('quiz')).state;
    const result = run(start, text('we live apart now'));
    expect(texts(result)[0]).toBe('Got it: We live apart.');
    expect(result.state.profile.living).toBe('apart');
  });

  it('should ask "did you mean" when unsure, and take the option on yes or its button', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    const unsure = run(start, text('giving'));
    expect(texts(unsure)[0]).toContain('Did you mean “Giving space”?');
    expect(replies(unsure)[0]?.choices).toEqual([
      { id: tokenFor(start.awaiting?.seq ?? -1, 2), label: 'Giving space' },
    ]);
    expect(unsure.state.awaiting?.offered).toEqual(['space']);
    expect(run(unsure.state, text('yes')).state.awaiting?.selected).toEqual(['space']);
    expect(run(unsure.state, choice(tokenFor(start.awaiting?.seq ?? -1, 2))).state.awaiting?.selected).toEqual([
      'space',
    ]);
    const no = run(unsure.state, text('no'));
    expect(no.state.awaiting?.offered).toBeUndefined();
    expect(no.state.awaiting?.selected).toEqual([]);
  });

  it('should toggle multi-select buttons and finish on done', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    const seq = start.awaiting?.seq ?? -1;
    const picked = run(start, choice(tokenFor(seq, 0)), choice(tokenFor(seq, 1)), choice(tokenFor(seq, 1)));
    expect(picked.state.awaiting?.selected).toEqual(['pleading']);
    expect(texts(picked)[0]).toContain('Pleading');
    const done = run(picked.state, choice(tokenFor(seq, 'done')));
    expect(done.state.profile.doing).toEqual(['pleading']);
    expect(texts(done)).toEqual(['Your first name?']);
  });

  it('should refuse done on an empty multi-select', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    const result = run(start, choice(tokenFor(start.awaiting?.seq ?? 0, 'done')));
    expect(texts(result)[0]).toBe(messages.multiEmpty);
    expect(result.state.awaiting).toBeDefined();
  });

  it('should take a typed list of numbers or labels for a multi-select', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    // Several options in one sentence are shown as selected, and Done (typed or pressed) finishes.
    const numbers = run(start, text('1, 3'));
    expect(numbers.state.awaiting?.selected).toEqual(['pleading', 'space']);
    expect(texts(numbers)[0]).toContain('Pleading, Giving space');
    expect(run(numbers.state, text('done')).state.profile.doing).toEqual(['pleading', 'space']);
    const words = run(start, text('pleading and texting often'), text("that's all"));
    expect(words.state.profile.doing).toEqual(['pleading', 'texting']);
    expect(run(start, text('1, 7')).state.awaiting?.selected).toEqual([]);
  });

  it('should score answers into the profile and branch on it into a called flow', () => {
    const result = run(createState(), cmd('quiz'), text('apart'), text('1'), text('done'), text('Sam'));
    expect(result.state.profile).toMatchObject({ living: 'apart', doing: ['pleading'], damage: 'high', name: 'Sam' });
    expect(texts(result)).toEqual(['Breathe slowly.', 'Ready?']);
    expect(result.state.flow?.id).toBe('calm');
    expect(result.state.flow?.stack.map((f) => f.id)).toEqual(['quiz']);
  });

  it('should return from a called flow to the step after the call, and arm its timer', () => {
    const inCalm = run(createState(), cmd('quiz'), text('apart'), text('1'), text('done'), text('Sam')).state;
    const result = run(inCalm, text('yes'));
    expect(texts(result)).toEqual(['Bye Sam']);
    expect(result.state.flow).toBeUndefined();
    expect(result.state.schedule?.timers).toEqual({ followup: { at: NOW + 86_400_000, flow: 'calm' } });
  });

  it('should take the else branch when the condition fails', () => {
    const result = run(createState(), cmd('quiz'), text('together'), text('3'), text('done'), text('Alex'));
    expect(result.state.profile.damage).toBe('low');
    expect(texts(result)).toEqual(['Bye Alex']);
  });

  it('should re-ask an ask step whose answer fails validation', () => {
    const start = run(createState(), cmd('quiz'), text('1'), text('1'), text('done')).state;
    const result = run(start, text('x'.repeat(21)));
    expect(texts(result)).toEqual(['Too long.', 'Your first name?']);
    expect(result.state.profile.name).toBeUndefined();
  });

  it('should answer empty, invisible-only and oversized text without changing the journey', () => {
    const start = run(createState(), cmd('quiz')).state;
    for (const input of ['', '   ', '\u200b\u200d\ufeff']) {
      expect(texts(run(start, text(input)))).toEqual([messages.empty, 'Where do you live?']);
    }
    const huge = run(start, text('a'.repeat(MAX_INPUT_CHARS + 1)));
    expect(texts(huge)[0]).toContain(String(MAX_INPUT_CHARS));
    expect(huge.state.awaiting).toEqual(start.awaiting);
  });

  it('should keep odd Unicode intact in saved answers while matching options loosely', () => {
    const start = run(createState(), cmd('quiz'), text('1'), text('1'), text('done')).state;
    const name = 'Zoë 👩‍👧 نور';
    expect(run(start, text(name)).state.profile.name).toBe(name);
  });

  it('should list flow commands in /help and re-show the open question', () => {
    const start = run(createState(), cmd('quiz')).state;
    const result = run(start, cmd('help'));
    expect(texts(result)[0]).toContain('/quiz — Quiz');
    expect(texts(result)[1]).toBe('Where do you live?');
  });

  it('should leave the journey on /cancel but keep the profile', () => {
    const start = run(createState(), cmd('quiz'), text('1')).state;
    const result = run(start, cmd('cancel'));
    expect(result.state.flow).toBeUndefined();
    expect(result.state.awaiting).toBeUndefined();
    expect(result.state.profile.living).toBe('together');
    expect(texts(result)).toEqual([messages.cancelled]);
  });

  it('should answer an unknown command and keep the question open', () => {
    const start = run(createState(), cmd('quiz')).state;
    expect(texts(run(start, cmd('nope')))).toEqual([messages.unknownCommand, 'Where do you live?']);
  });

  it('should restart a journey whose step was edited away, with a notice, keeping profile and flags', () => {
    const state: SessionState = {
      ...createState(),
      flow: { id: 'quiz', version: 1, step: 'removed-step', vars: {}, stack: [] },
      awaiting: { seq: 4, selected: [] },
      profile: { living: 'apart' },
      flags: { contactBlocked: true },
      seq: 4,
    };
    const result = run(state, text('hello'));
    expect(texts(result)).toEqual([messages.flowChanged, 'Hi ', 'Where do you live?']);
    expect(result.state.flags).toEqual({ contactBlocked: true });
    expect(result.state.profile.living).toBe('apart');
  });

  it('should drop a journey whose whole flow vanished', () => {
    const state: SessionState = { ...createState(), flow: { id: 'gone', version: 1, step: 'x', vars: {}, stack: [] } };
    const result = run(state, text('hello'));
    expect(texts(result)[0]).toBe(messages.flowChanged);
    expect(result.state.flow).toBeUndefined();
  });

  it('should stop a cycle that never waits with an error naming the steps', () => {
    expect(() => run(createState(), cmd('loop'))).toThrowError(
      expect.objectContaining({ code: ErrorCode.FlowLoop, message: expect.stringContaining('loop/a → loop/b') }),
    );
  });

  it('should never mutate the state it was given', () => {
    const start = run(createState(), cmd('quiz')).state;
    const frozen = structuredClone(start);
    deepFreeze(start);
    run(start, text('2'));
    run(start, cmd('cancel'));
    expect(start).toEqual(frozen);
  });

  it('should report which profile keys a turn changed', () => {
    const start = run(createState(), cmd('quiz')).state;
    expect(run(start, text('1')).effects).toContainEqual({ type: 'profileChanged', keys: ['living'] });
  });

  it('should start a due timer flow when idle and put it off an hour mid-journey', () => {
    const armed: SessionState = {
      ...createState(),
      settings: { onboarded: true },
      schedule: { timers: { followup: { at: NOW, flow: 'calm' } } },
    };
    const idle = run(armed, { kind: 'due' });
    expect(texts(idle)).toEqual(['Breathe slowly.', 'Ready?']);
    expect(idle.state.schedule?.outbox).toEqual([{ id: `t.followup.${NOW}`, at: NOW, replies: replies(idle) }]);
    const inQuiz = run(armed, cmd('quiz')).state;
    const busy = run(inQuiz, { kind: 'due' });
    expect(busy.state.flow?.id).toBe('quiz');
    expect(texts(busy)).toEqual([]);
    expect(busy.state.schedule?.timers).toEqual({ followup: { at: NOW + 3_600_000, flow: 'calm' } });
  });
});

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

import { describe, expect, it } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import { PAUSE_MS, REMIND_EVERY_MS, withReminder } from '../../src/engine/honesty.js';
import { readRealPersonQuestion } from '../../src/engine/real-person.js';
import { createState, type SessionState } from '../../src/core/state.js';
import type { Effect } from '../../src/core/types.js';
import { readContentData } from '../support/catalogs.js';
import { COUNTER_FLOW, count, programOf, say } from '../support/program.js';

const program = programOf(COUNTER_FLOW);
const NOW = Date.UTC(2026, 11, 1, 9);
const HOUR = 3_600_000;
const automated = program.texts.text('automated');

function activeAt(lastActive: number, extra: Partial<NonNullable<SessionState['schedule']>> = {}): SessionState {
  return { ...createState(), settings: { onboarded: true }, schedule: { lastActive, ...extra } };
}

const texts = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === 'reply' ? [e.reply.text] : []));

describe('readRealPersonQuestion', () => {
  const question = readRealPersonQuestion(readContentData());

  it('should recognise the listed questions whatever the case, punctuation, spacing or leading filler words', () => {
    for (const text of [
      'Am I talking to a real person?',
      'are you a bot',
      'ARE YOU HUMAN??',
      'Wait, so are you a real person?',
      'hey steady, is this AI',
      'Is this   automated?!',
    ])
      expect(question.matches(text), text).toBe(true);
  });

  it('should not take a message that only mentions a bot or a person for the question', () => {
    for (const text of [
      "I feel like I'm talking to a robot when I talk to him",
      'are you a real person or not, because I need to tell someone about last night',
      'is this a good time to text her',
      'person',
    ])
      expect(question.matches(text), text).toBe(false);
  });
});

describe('withReminder', () => {
  const reply = (text: string, kind: 'info' | 'safety' = 'info'): Effect => ({ type: 'reply', reply: { kind, text } });

  it('should open a conversation after a pause of a day with the reminder, after any safety answer', () => {
    const before = activeAt(NOW - PAUSE_MS);
    const effects = [
      reply('Are you safe right now?', 'safety'),
      { type: 'safety', tier: 'serious' } as Effect,
      reply('hi'),
    ];
    const told = withReminder(before, before, effects, say('x'), NOW, program.texts);
    expect(texts(told.effects)).toEqual(['Are you safe right now?', automated, 'hi']);
    expect(told.state.schedule).toMatchObject({ disclosedAt: NOW, usedMs: 0 });
  });

  it('should say nothing within a day, and count gaps under an hour in full toward three hours of use', () => {
    let state = activeAt(NOW, { disclosedAt: NOW, usedMs: 0 });
    let now = NOW;
    for (const gap of [HOUR / 2, 5 * HOUR, HOUR / 2]) {
      now += gap;
      const told = withReminder(
        state,
        { ...state, schedule: { ...state.schedule, lastActive: now } },
        [],
        say('x'),
        now,
        program.texts,
      );
      expect(told.effects).toEqual([]);
      state = told.state;
    }
    // 30 minutes, then 5 hours away counted as 1, then 30 minutes: two hours of use so far.
    expect(state.schedule?.usedMs).toBe(2 * HOUR);
    now += HOUR;
    const told = withReminder(state, state, [reply('hi')], say('x'), now, program.texts);
    expect(texts(told.effects)).toEqual([program.texts.text('stillAutomated'), 'hi']);
    expect(REMIND_EVERY_MS).toBe(3 * HOUR);
  });

  it('should not remind in a scheduled turn, nor a brand-new user whom the welcome tells', () => {
    const away = activeAt(NOW - 2 * PAUSE_MS);
    expect(withReminder(away, away, [], { kind: 'due' }, NOW, program.texts).effects).toEqual([]);
    const fresh = createState();
    const told = withReminder(fresh, fresh, [reply('Hello')], count, NOW, program.texts);
    expect(texts(told.effects)).toEqual(['Hello']);
    expect(told.state.schedule?.disclosedAt).toBe(NOW);
  });
});

describe('advance: am I talking to a real person?', () => {
  it('should answer in the middle of a journey, keep the journey, and ask its question again', () => {
    const started = advance(program, activeAt(NOW - HOUR), count, NOW).state;
    const asked = advance(program, started, say('Are you a real person?'), NOW + 60_000);
    expect(texts(asked.effects)).toEqual([program.texts.text('realPersonAnswer'), 'n=1']);
    expect(asked.state.flow).toEqual(started.flow);
    expect(asked.state.flow?.vars.last).toBeUndefined();
    // The answer counts as the reminder: a conversation resumed an hour later is not told again.
    const later = advance(program, asked.state, say('hello'), NOW + HOUR);
    expect(texts(later.effects)).not.toContain(automated);
  });
});

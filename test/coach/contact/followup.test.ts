import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../../src/coach/index.js';
import { advance, type Advanced, type Program } from '../../../src/engine/advance.js';
import type { Effect, Input, Reply } from '../../../src/core/types.js';
import { loadFlows } from '../../../src/flow/loader.js';
import { createProgram } from '../../../src/engine/turn.js';
import { createState, type SessionState } from '../../../src/core/state.js';

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);
const program: Program = createProgram(registry, actions);
const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

function onboarded(): SessionState {
  return { ...createState(), settings: { onboarded: true, consent: true, timezone: 'Europe/Berlin' } };
}

function replies(effects: Effect[]): Reply[] {
  return effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
}

// Presses the button labelled `label` on the last question asked.
function press(state: SessionState, last: Advanced, label: string, now: number): Advanced {
  const question = replies(last.effects)
    .reverse()
    .find((r) => r.choices);
  const choice = question?.choices?.find((c) => c.label === label);
  if (!choice) throw new Error(`no button '${label}' in ${JSON.stringify(question?.choices?.map((c) => c.label))}`);
  return advance(program, state, { kind: 'choice', token: choice.id }, now);
}

function run(state: SessionState, input: Input, now = NOW): Advanced {
  return advance(program, state, input, now);
}

describe('contact follow-up', () => {
  it('should arm a timer a day after a send, and record the outcome when it comes due', () => {
    let turn = run(onboarded(), { kind: 'command', command: 'contact', args: '' });
    for (const label of ['Replying to something they sent', 'Calm', 'Skip this', 'A reply', 'Send it'])
      turn = press(turn.state, turn, label, NOW);
    const timer = turn.state.schedule?.timers?.['contact-followup'];
    expect(timer).toEqual({ at: NOW + DAY, flow: 'contact-followup' });
    expect(turn.state.schedule?.planned).toBe(NOW + DAY);
    expect(turn.state.stats.contacts).toEqual([{ at: NOW, purpose: 'reply', verdict: 'send' }]);
    expect(turn.state.flow).toBeUndefined();

    if (timer === undefined) throw new Error('no timer armed');
    expect(replies(run(turn.state, { kind: 'due' }, timer.at - 1).effects)).toEqual([]);
    const due = run(turn.state, { kind: 'due' }, timer.at);
    expect(replies(due.effects).at(-1)?.text).toContain('How did your last contact');
    expect(due.state.schedule?.timers).toEqual({});
    expect(due.state.schedule?.outbox?.map((e) => e.id)).toEqual([`t.contact-followup.${timer.at}`]);
    const answered = press(due.state, due, 'It went badly', timer.at + 60_000);
    expect(answered.state.stats.contacts).toEqual([
      { at: NOW, purpose: 'reply', verdict: 'send', outcome: 'bad', outcomeAt: timer.at + 60_000 },
    ]);
    expect(
      replies(answered.effects)
        .map((r) => r.text)
        .join('\n'),
    ).toContain('back off for longer');
  });

  it('should stay silent when contact help was switched off in the meantime', () => {
    const state: SessionState = {
      ...onboarded(),
      flags: { contactBlocked: true },
      stats: { contacts: [{ at: NOW, purpose: 'reply', verdict: 'send' }] },
      schedule: { timers: { 'contact-followup': { at: NOW + DAY, flow: 'contact-followup' } } },
    };
    const due = run(state, { kind: 'due' }, NOW + DAY);
    expect(replies(due.effects)).toEqual([]);
    expect(due.state.stats).toEqual(state.stats);
    expect(due.state.schedule?.timers).toEqual({});
  });

  it('should arm no follow-up when the user declined storage', () => {
    const state = { ...onboarded(), settings: { onboarded: true, consent: false, timezone: 'Europe/Berlin' } };
    let turn = run(state, { kind: 'command', command: 'contact', args: '' });
    for (const label of ['Replying to something they sent', 'Calm', 'Skip this', 'A reply', 'Send it'])
      turn = press(turn.state, turn, label, NOW);
    expect(turn.state.schedule?.timers).toBeUndefined();
    expect(turn.state.stats.contacts).toBeUndefined();
  });
});

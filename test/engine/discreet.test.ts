import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { loadFlows } from '../../src/flow/loader.js';
import { createState, type SessionState } from '../../src/core/state.js';
import type { Reply } from '../../src/core/types.js';
import { outboxOf } from '../../src/engine/due.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { historyOf } from '../support/progress.js';
import { createTestEngine, eventFrom, manualClock, testSecret } from '../support/engine.js';
import { bindTexts } from '../../src/core/catalog.js';
import { ENGINE_MESSAGES } from '../../src/engine/messages.js';

// Discreet mode: what a scheduled turn puts in the outbox (what the sender delivers) opens with a neutral line.
const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);
const texts = bindTexts(ENGINE_MESSAGES, registry.catalogs);
const line = (key: 'discreetDaily' | 'discreetWeekly' | 'discreetMore'): string => texts.text(key);

// The daily prompt is due at 09:00 Berlin (08:00 UTC); 8 November 2026 is a Sunday.
async function dueReplies(settings: SessionState['settings'], at = '2026-11-03T08:01:00Z'): Promise<Reply[]> {
  const secret = testSecret();
  // The user was here the afternoon before, so the day's message is the prompt (not the note after days away).
  const clock = manualClock(Date.parse(at) - 20 * 3_600_000);
  const engine = createTestEngine({ registry, actions }, { secret, clock });
  const user = createUserKeyer(secret)('test', 'pat');
  const base = { onboarded: true, consent: true, timezone: 'Europe/Berlin', dailyTime: '09:00', ...settings };
  const history = historyOf({ now: Date.parse(at), days: 20, mood: (i) => 1 + (i % 5), checkin: () => 'done' });
  await engine.store.commit(user, { ...createState(), settings: base, stats: history.stats }, 0, 'given');
  await engine.handle(eventFrom('pat', { kind: 'command', command: 'menu', args: '' }));
  clock.advance(Date.parse(at) - clock.now());
  const state = await engine.runDue(user);
  return outboxOf(state).flatMap((entry) => entry.replies);
}

describe('discreet mode', () => {
  it('should open every message of the daily prompt with a neutral line, and the first with the day’s', async () => {
    const replies = await dueReplies({ discreet: true });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]?.text.split('\n')[0]).toBe(line('discreetDaily'));
    // Said once, though the day's prompt opens with the same words.
    expect(replies[0]?.text.split(line('discreetDaily')).length).toBe(2);
    for (const reply of replies.slice(1)) expect(reply.text.split('\n')[0]).toBe(line('discreetMore'));
  });

  it('should leave the messages as they are when it is off', async () => {
    const replies = await dueReplies({ discreet: false });
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.text.split('\n')[0]).not.toBe(line('discreetDaily'));
  });

  it('should open the Sunday review with its own neutral line and leave its chart out', async () => {
    const plain = await dueReplies({}, '2026-11-08T08:01:00Z');
    expect(plain.some((reply) => reply.picture !== undefined)).toBe(true);
    const replies = await dueReplies({ discreet: true }, '2026-11-08T08:01:00Z');
    expect(replies[0]?.text.split('\n')[0]).toBe(line('discreetWeekly'));
    expect(replies.some((reply) => reply.picture !== undefined)).toBe(false);
  });

  it('should be switched on and off by /discreet', async () => {
    const secret = testSecret();
    const engine = createTestEngine({ registry, actions }, { secret });
    const user = createUserKeyer(secret)('test', 'pat');
    const turn = async (text: string) => engine.handle(eventFrom('pat', { kind: 'text', text }));
    await engine.handle(eventFrom('pat', { kind: 'command', command: 'discreet', args: '' }));
    await turn('turn it on');
    expect((await engine.store.load(user)).state.settings.discreet).toBe(true);
    await engine.handle(eventFrom('pat', { kind: 'command', command: 'discreet', args: '' }));
    await turn('off');
    expect((await engine.store.load(user)).state.settings.discreet).toBe(false);
  });
});

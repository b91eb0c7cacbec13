import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../../src/coach/index.js';
import { loadFlows } from '../../../src/flow/loader.js';
import type { UserKey } from '../../../src/session/store.js';
import { createUserKeyer } from '../../../src/session/user-key.js';
import type { JsonRecord } from '../../../src/core/state.js';
import { createTestEngine, eventFrom, manualClock, testSecret } from '../../support/engine.js';
import { stateWith } from './helpers.js';

// A notification preview shows the first line of a message; someone else may be looking at the phone.
const REVEALING = /spouse|husband|wife|partner|marri|separat|divorce|\bex\b/i;

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);

async function firstLines(command: string, stats: JsonRecord, profile: JsonRecord = {}): Promise<string[]> {
  const secret = testSecret();
  const clock = manualClock(Date.parse('2026-03-02T08:00:00Z'));
  const engine = createTestEngine({ registry, actions }, { secret, clock });
  const user = createUserKeyer(secret)('test', 'someone') as UserKey;
  await engine.store.commit(
    user,
    stateWith({ settings: { onboarded: true, timezone: 'Europe/Berlin' }, stats, profile }),
    0,
    'given',
  );
  const outcome = await engine.handle(eventFrom('someone', { kind: 'command', command, args: '' }));
  return outcome.replies.map((r) => r.text.split('\n')[0] ?? '');
}

describe('the first line of what /today and /week send', () => {
  const cases: [string, JsonRecord, JsonRecord?][] = [
    ['a new day', {}],
    ['mood already given, so the prompt comes first', { moods: [{ date: '2026-03-02', score: 3 }] }],
    ['already checked in', { checkins: [{ date: '2026-03-02', prompt: 'validation-feelings', outcome: 'done' }] }],
    [
      'a parent with a stance',
      { moods: [{ date: '2026-03-02', score: 3 }] },
      { assessment: { stance: 'intervention', children: true } },
    ],
  ];

  for (const [name, stats, profile] of cases) {
    it(`should not name the relationship: ${name}`, async () => {
      const lines = await firstLines('today', stats, profile);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toMatch(REVEALING);
    });
  }

  it('should not name the relationship in the weekly review', async () => {
    const lines = await firstLines('week', {
      contacts: [{ at: Date.parse('2026-03-01T10:00:00Z'), purpose: 'reply', verdict: 'send', outcome: 'bad' }],
    });
    for (const line of lines) expect(line).not.toMatch(REVEALING);
  });

  it('should catch a revealing line (the check itself works)', () => {
    expect('Your spouse replied').toMatch(REVEALING);
  });
});

import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import type { ScheduleHooks } from '../../src/engine/engine.js';
import { loadFlows } from '../../src/flow/loader.js';
import { createState } from '../../src/core/state.js';
import type { UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { createTestEngine, eventFrom, manualClock, testSecret } from '../support/engine.js';

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);
const menu = { kind: 'command', command: 'menu', args: '' } as const;

function hooks(failFirst: number): ScheduleHooks & { woken: number[]; calls: number } {
  const record = {
    woken: [] as number[],
    calls: 0,
    async wake(_user: UserKey, at: number) {
      record.calls += 1;
      if (record.calls <= failFirst) throw new Error('index down');
      record.woken.push(at);
    },
    async forget() {},
  };
  return record;
}

async function engineWith(schedule: ScheduleHooks) {
  const secret = testSecret();
  const clock = manualClock(Date.parse('2026-11-02T12:00:00Z'));
  const engine = createTestEngine({ registry, actions }, { secret, clock, schedule });
  const user = createUserKeyer(secret)('test', 'pat');
  const settings = { onboarded: true, consent: true, timezone: 'Europe/Berlin', dailyTime: '09:00' };
  await engine.store.commit(user, { ...createState(), settings }, 0, 'given');
  return { engine, user };
}

describe('the engine tells the due index', () => {
  it('should tell it once when the next due time changes, and not again while it stays', async () => {
    const schedule = hooks(0);
    const { engine } = await engineWith(schedule);
    await engine.handle(eventFrom('pat', menu));
    await engine.handle(eventFrom('pat', menu));
    expect(schedule.woken).toEqual([Date.parse('2026-11-03T08:00:00Z')]);
  });

  it('should try again on the next turn when the index could not be told', async () => {
    const schedule = hooks(1);
    const { engine, user } = await engineWith(schedule);
    const first = await engine.handle(eventFrom('pat', menu));
    expect(first.status).toBe('ok');
    expect((await engine.store.load(user)).state.schedule?.planned).toBeNull();
    await engine.handle(eventFrom('pat', menu));
    expect(schedule.calls).toBe(2);
    expect(schedule.woken).toEqual([Date.parse('2026-11-03T08:00:00Z')]);
  });

  it('should throw when a blocked user cannot be marked, so the send is retried', async () => {
    const { engine, user } = await engineWith(hooks(0));
    await expect(engine.markUnreachable(user)).resolves.toBeUndefined();
    expect((await engine.store.load(user)).state.settings).toMatchObject({ unreachable: true, paused: true });
    const racing = createTestEngine(
      { registry, actions },
      { maxAttempts: 1, store: { ...engine.store, commit: async () => 'conflict' } },
    );
    await expect(racing.markUnreachable(user)).rejects.toMatchObject({ code: 'STEADY_BUSY' });
  });

  it('should not bring back a user who has no stored state', async () => {
    const { engine } = await engineWith(hooks(0));
    const gone = createUserKeyer(testSecret())('test', 'gone');
    await engine.markUnreachable(gone);
    expect(await engine.runDue(gone)).toEqual(createState());
    expect((await engine.store.load(gone)).rev).toBe(0);
  });
});

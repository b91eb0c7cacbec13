import { describe, expect, it } from 'vitest';
import type { TurnOutcome } from '../../src/core/types.js';
import type { Loaded, SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { createTestEngine, eventFrom, redisStore, testSecret } from '../support/engine.js';
import { COUNTER_FLOW as COUNTER, count, messages, programOf, say } from '../support/program.js';
import { startRedisServer } from '../support/redis-server.js';

const program = programOf(COUNTER);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('engine with Redis going down', () => {
  it('should answer kindly while Redis is down, lose no committed turn, and recover by itself', async () => {
    const server = await startRedisServer();
    const secret = testSecret();
    const engine = createTestEngine(program, { store: await redisStore(server.url, secret), secret });
    try {
      await engine.handle(eventFrom('u1', count));
      await engine.handle(eventFrom('u1', say('one')));
      await server.kill();
      const started = Date.now();
      const down = await engine.handle(eventFrom('u1', say('while down')));
      expect(down).toEqual({ status: 'unavailable', replies: [{ kind: 'error', text: messages.storeDown }] });
      expect(Date.now() - started).toBeLessThan(3000);
      await server.restart();
      const back = await retryUntilOk(() => engine.handle(eventFrom('u1', say('two'))));
      expect(back.replies.map((r) => r.text)).toEqual(['n=3']);
    } finally {
      await engine.store.close();
      await server.stop();
    }
  }, 30_000);

  it('should still answer a crisis with care and resources while Redis is down', async () => {
    const server = await startRedisServer();
    const secret = testSecret();
    const engine = createTestEngine(program, { store: await redisStore(server.url, secret), secret, country: 'ie' });
    try {
      await server.kill();
      const down = await engine.handle(eventFrom('u1', say('I want to kill myself')));
      const texts = down.replies.map((r) => r.text).join('\n');
      expect(down.status).toBe('unavailable');
      expect(texts).toContain('Are you safe right now?');
      expect(texts).toContain('116 123');
      expect(down.replies.at(-1)).toEqual({ kind: 'error', text: messages.storeDown });
      const ordinary = await engine.handle(eventFrom('u1', say('just a normal message')));
      expect(ordinary.replies).toEqual([{ kind: 'error', text: messages.storeDown }]);
    } finally {
      await engine.store.close();
      await server.stop();
    }
  }, 30_000);

  it("should answer a crisis caption or edit while Redis is down, with the lines of the platform's country", async () => {
    const server = await startRedisServer();
    const secret = testSecret();
    const engine = createTestEngine(program, { store: await redisStore(server.url, secret), secret, country: 'us' });
    const crisis = 'I am going to kill myself tonight';
    try {
      await server.kill();
      const caption = await engine.handle({
        ...eventFrom('u1', { kind: 'unsupported', text: crisis }),
        locale: 'en-IE',
      });
      const edit = await engine.handle({
        ...eventFrom('u2', { kind: 'edited', text: crisis }),
        timezone: 'Europe/London',
      });
      const plain = await engine.handle(eventFrom('u3', { kind: 'edited', text: crisis }));
      const texts = (outcome: TurnOutcome): string => outcome.replies.map((r) => r.text).join('\n');
      expect(texts(caption)).toContain('People you can reach in Ireland:');
      expect(texts(edit)).toContain('People you can reach in the United Kingdom:');
      expect(texts(plain)).toContain('People you can reach in the United States:');
      for (const outcome of [caption, edit, plain]) {
        expect(texts(outcome)).toContain('Are you safe right now?');
        expect(outcome.replies.at(-1)).toEqual({ kind: 'error', text: messages.storeDown });
      }
    } finally {
      await engine.store.close();
      await server.stop();
    }
  }, 30_000);

  it('should keep every acknowledged turn when Redis is killed in the middle of traffic', async () => {
    const server = await startRedisServer();
    const secret = testSecret();
    const engine = createTestEngine(program, { store: await redisStore(server.url, secret), secret });
    const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    const tally = new Map(users.map((u) => [u, { ok: 0, unavailable: 0 }]));
    try {
      await Promise.all(users.map((u) => engine.handle(eventFrom(u, count))));
      let running = true;
      const traffic = users.map(async (userId) => {
        while (running) {
          const outcome = await engine.handle(eventFrom(userId, say('hello')));
          expect(['ok', 'unavailable']).toContain(outcome.status);
          tally.get(userId)![outcome.status as 'ok' | 'unavailable'] += 1;
          await sleep(5);
        }
      });
      const total = (field: 'ok' | 'unavailable'): number => [...tally.values()].reduce((sum, t) => sum + t[field], 0);
      // Steered by what the traffic has seen, not by the clock, so a slow machine cannot make the kill miss it.
      await until(() => total('ok') >= 60);
      await server.kill();
      // Down until turns have met the outage (a commit cut off by the kill first waits to ask Redis about it).
      await until(() => total('unavailable') >= 20);
      await server.restart();
      const beforeBack = total('ok');
      await until(() => total('ok') >= beforeBack + 60);
      running = false;
      await Promise.all(traffic);
      const keyOf = createUserKeyer(secret);
      let outageSeen = 0;
      for (const userId of users) {
        const { ok, unavailable } = tally.get(userId)!;
        outageSeen += unavailable;
        // On a busy machine the client may still be reconnecting: the stored count is read once Redis answers.
        const n = (await loadWhenBack(engine.store, keyOf('test', userId) as UserKey)).state.stats.n as number;
        // Every turn acknowledged as ok was committed; a turn whose reply was lost in the crash may or may not be.
        expect(n - 1).toBeGreaterThanOrEqual(ok);
        expect(n - 1).toBeLessThanOrEqual(ok + unavailable);
        const after = await retryUntilOk(() => engine.handle(eventFrom(userId, say('after'))));
        expect(after.replies.at(-1)?.text).toBe(`n=${n + 1}`);
      }
      expect(outageSeen).toBeGreaterThan(0);
    } finally {
      await engine.store.close();
      await server.stop();
    }
  }, 150_000);
});

async function until(condition: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the traffic never reached the expected point');
    await sleep(20);
  }
}

async function loadWhenBack(store: SessionStore, user: UserKey): Promise<Loaded> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await store.load(user);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

async function retryUntilOk(attempt: () => Promise<TurnOutcome>): Promise<TurnOutcome> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const outcome = await attempt();
    if (outcome.status === 'ok' || Date.now() > deadline) return outcome;
    await sleep(200);
  }
}

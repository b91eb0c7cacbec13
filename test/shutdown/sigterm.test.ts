import { afterEach, describe, expect, inject, it } from 'vitest';
import type { SessionStore } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from '../fakes/telegram-server.js';
import type { FakeUser } from '../fakes/telegram-updates.js';
import { parseExposition, steadyLabelValues, valueOf } from '../ops/exposition.js';
import { redisDatabase } from '../schedule/e2e-support.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';
import { redisStore } from '../support/engine.js';

// SIGTERM to the real entry point (fake Bot API, real Redis) while turns are under way: readiness drops at
// once, the turns taken are finished, and the process exits 0; or, when a reply stalls past the deadline, 1.

const TOKEN = '454545:shutdown-e2e';
const SECRET = appSecret();
// A database of its own: the due index and send queues have fixed key names shared by every app on a database.
const REDIS_URL = redisDatabase(inject('redisUrl'), 11);
const WELCOME = /I'm Steady/;
const AGE_QUESTION = /are you 18 or older\?/;

let fake: FakeTelegram | undefined;
let app: AppProcess | undefined;
let store: SessionStore | undefined;

afterEach(async () => {
  await app?.stop(2000);
  await fake?.close();
  await store?.close();
  [app, fake, store] = [undefined, undefined, undefined];
});

async function startAgainstFake(env: Record<string, string> = {}): Promise<{ fake: FakeTelegram; app: AppProcess }> {
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: { REDIS_URL, STEADY_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, ...env },
  });
  return { fake, app };
}

const userOf = (id: number): FakeUser => ({ id, first_name: 'Sam', language_code: 'en' });
const users = (base: number, count: number): FakeUser[] => Array.from({ length: count }, (_, i) => userOf(base + i));
const toChat =
  (user: FakeUser) =>
  (call: RecordedCall): boolean =>
    Number(call.params.chat_id) === user.id;
const textOf = (call: RecordedCall): string => String(call.params.text ?? '');

/** Polls /readyz until stopped, keeping each answer with its time; a refused connection counts as 0. */
function watchReadiness(port: number): { stop(): Promise<Array<{ at: number; status: number }>> } {
  const seen: Array<{ at: number; status: number }> = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      seen.push({ at: Date.now(), status });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      watching = false;
      await loop;
      return seen;
    },
  };
}

async function revisionOf(user: FakeUser): Promise<number> {
  store ??= await redisStore(REDIS_URL, SECRET);
  return (await store.load(createUserKeyer(SECRET)('telegram', String(user.id)))).rev;
}

describe('graceful shutdown (real entry point, fake Bot API, real Redis)', () => {
  it('should drop readiness at once, finish every turn it took, and exit 0', async () => {
    const { fake, app } = await startAgainstFake();
    const base = `http://127.0.0.1:${app.port}`;
    await expect.poll(async () => (await fetch(`${base}/readyz`)).status).toBe(200);

    const first = userOf(5_570_000);
    const early = users(5_570_001, 5);
    fake.say('/start', { user: first });
    await fake.waitForArrival('sendMessage', 2, 8000);
    const metrics = parseExposition(await (await fetch(`${base}/metrics`)).text());
    expect(valueOf(metrics, 'steady_turns_total', { platform: 'telegram', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    for (const value of steadyLabelValues(metrics)) expect(value).not.toContain(String(first.id));

    // Every reply now takes a while, so the turns are still being answered when the signal comes.
    fake.hold('sendMessage', 400);
    for (const user of early) fake.say('/start', { user });
    await fake.waitForArrival('sendMessage', 1, 8000, (params) => early.some((u) => Number(params.chat_id) === u.id));
    const readiness = watchReadiness(app.port);
    const exited = app.stop(30_000);
    const late = users(5_571_001, 3);
    for (const user of late) fake.say('/start', { user });

    expect(await exited).toBe(0);
    const seen = await readiness.stop();
    const firstDown = seen.find((s) => s.status === 503);
    expect(firstDown).toBeDefined();
    // Readiness dropped while replies were still going out, and never came back.
    expect(firstDown?.at ?? Infinity).toBeLessThan(Math.max(...fake.callsOf('sendMessage').map((c) => c.at)));
    expect(seen.filter((s) => s.at > (firstDown?.at ?? 0)).every((s) => s.status !== 200)).toBe(true);

    let committed = 0;
    for (const user of [...early, ...late]) {
      const calls = fake.callsOf('sendMessage').filter(toChat(user));
      const rev = await revisionOf(user);
      // A turn is whole or absent: committed with every reply delivered, or not applied and nothing sent.
      if (rev === 0) {
        expect(calls).toEqual([]);
        continue;
      }
      committed += 1;
      expect(rev).toBe(1);
      expect(calls.every((c) => c.status === 200 && !c.abandoned)).toBe(true);
      expect(calls.some((c) => WELCOME.test(textOf(c)))).toBe(true);
      expect(calls.some((c) => AGE_QUESTION.test(textOf(c)))).toBe(true);
    }
    expect(committed).toBeGreaterThanOrEqual(1); // at least the turn that was being answered at the signal
    const logs = app.stderr();
    expect(logs).toMatch(/"reason":"SIGTERM".*"msg":"shutting down"/);
    expect(logs).toContain('steady stopped');
    expect(logs).not.toContain('deadline passed');
  });

  it('should exit 1 and name what was still in flight when a reply stalls past the deadline', async () => {
    const { fake, app } = await startAgainstFake({ SHUTDOWN_DEADLINE_SECONDS: '1' });
    const user = userOf(5_572_001);
    // The platform holds the reply far past the one-second deadline, so the turn cannot finish in time.
    fake.hold('sendMessage', 8000);
    fake.say('/start', { user });
    await fake.waitForArrival('sendMessage', 1, 8000);
    const signalled = Date.now();

    expect(await app.stop(10_000)).toBe(1);
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(5000); // it did not wait for the stalled reply
    const line = await app.waitForLog(/deadline passed/);
    expect(JSON.parse(line)).toMatchObject({ step: 'intake', waitingFor: ['telegram'] });
    expect(line).not.toContain(String(user.id));
  });
  it('should stop start-up at once and exit 0 when SIGTERM comes during start-up', async () => {
    fake = await startFakeTelegram(TOKEN);
    // Ready to signal as soon as Redis is connected: the adapters are still starting.
    app = await startApp({
      env: { REDIS_URL, STEADY_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot },
      ready: /sessions are stored in Redis/,
    });
    expect(app.stderr()).not.toMatch(/steady is running/);
    expect(await app.stop(15_000)).toBe(0);
    // Start-up may just have finished when the signal lands; then it is an ordinary shutdown.
    expect(app.stderr()).toMatch(/stopped during start-up|steady stopped/);
  });
});

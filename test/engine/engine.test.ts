import { describe, expect, inject, it } from 'vitest';
import type { SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import type { TurnOutcome } from '../../src/core/types.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { createTestEngine, eventFrom, manualClock, redisStore, testSecret } from '../support/engine.js';
import { COUNTER_FLOW as COUNTER, count, messages, programOf, say } from '../support/program.js';

const BROKEN = `
id: broken
version: 1
title: Broken
command: broken
steps:
  - { id: first, type: say, role: info, text: "about to fail" }
  - { id: bad, type: action, action: scoreLevel, args: { nonsense: true } }
`;

const program = programOf(COUNTER, BROKEN);

async function stateOf(store: SessionStore, secret: string, userId: string): Promise<SessionState> {
  return (await store.load(createUserKeyer(secret)('test', userId) as UserKey)).state;
}

function texts(outcome: TurnOutcome): string[] {
  return outcome.replies.map((r) => r.text);
}

describe('engine', () => {
  it('should apply a delivery seen three times once and reply once', async () => {
    for (const makeStore of [() => createMemoryStore({ clock: manualClock() }), () => redisStore(inject('redisUrl'))]) {
      const secret = testSecret();
      const engine = createTestEngine(program, { store: await makeStore(), secret });
      await engine.handle(eventFrom('u1', count));
      const outcomes = await Promise.all([1, 2, 3].map(() => engine.handle(eventFrom('u1', say('hi'), 'dup-1'))));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'duplicate', 'ok']);
      expect(outcomes.flatMap(texts)).toEqual(['n=2']);
      expect((await stateOf(engine.store, secret, 'u1')).stats.n).toBe(2);
      await engine.store.close();
    }
  });

  it('should apply every turn exactly once and in order across two engines sharing Redis', async () => {
    const users = 200;
    const turns = 50;
    const secret = testSecret();
    const engines = [
      createTestEngine(program, { store: await redisStore(inject('redisUrl'), secret), secret }),
      createTestEngine(program, { store: await redisStore(inject('redisUrl'), secret), secret }),
    ];
    // Each user's counter is started first, so every one of the concurrent turns must bump it.
    await Promise.all(Array.from({ length: users }, (_, u) => engines[0]!.handle(eventFrom(`user-${u}`, count))));
    const seen = engines.map(() => new Map<string, number[]>());
    const sends: Promise<void>[] = [];
    for (let u = 0; u < users; u += 1) {
      for (let t = 0; t < turns; t += 1) {
        const which = t % 2;
        const userId = `user-${u}`;
        sends.push(
          engines[which]!.handle(eventFrom(userId, say(`message ${t}`))).then((outcome) => {
            expect(outcome.status, JSON.stringify(outcome)).toBe('ok');
            const n = Number(/n=(\d+)/.exec(outcome.replies.at(-1)?.text ?? '')?.[1]);
            seen[which]!.set(userId, [...(seen[which]!.get(userId) ?? []), n]);
          }),
        );
      }
    }
    await Promise.all(sends);
    for (let u = 0; u < users; u += 1) {
      const state = await stateOf(engines[0]!.store, secret, `user-${u}`);
      expect(state.turns).toBe(turns + 1);
      expect(state.stats.n).toBe(turns + 1);
      for (const perEngine of seen) {
        // Replies within one engine come in the order that engine received the user's messages.
        const ns = perEngine.get(`user-${u}`) ?? [];
        expect(ns).toHaveLength(turns / 2);
        expect([...ns].sort((a, b) => a - b)).toEqual(ns);
      }
    }
    await Promise.all(engines.map((e) => e.store.close()));
  }, 120_000);

  it('should reset a journey whose action fails, tell the user, and keep working', async () => {
    const secret = testSecret();
    const engine = createTestEngine(program, { secret });
    const failed = await engine.handle(eventFrom('u1', { kind: 'command', command: 'broken', args: '' }));
    expect(failed.status).toBe('ok');
    expect(texts(failed)).toEqual([messages.internalError]);
    expect((await stateOf(engine.store, secret, 'u1')).flow).toBeUndefined();
    expect(texts(await engine.handle(eventFrom('u1', count)))).toEqual(['n=1']);
    expect(engine.lines.join('')).toContain('STEADY_ACTION_FAILED');
  });

  it('should turn away turns beyond the per-user queue bound without losing the queued ones', async () => {
    const secret = testSecret();
    const { inner, slow, open } = gatedStore();
    const engine = createTestEngine(program, { store: slow, secret, maxQueuedPerUser: 4 });
    const pending = [count, say('a'), say('b'), say('c'), say('d'), say('e')].map((input) =>
      engine.handle(eventFrom('u1', input)),
    );
    open();
    const outcomes = await Promise.all(pending);
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'busy', 'busy']);
    expect(texts(outcomes[4]!)).toEqual([messages.busy]);
    expect((await stateOf(inner, secret, 'u1')).stats.n).toBe(4);
  });

  it('should count its turns in flight by where they came from, queued ones included, until they end', async () => {
    const secret = testSecret();
    const { slow, open } = gatedStore();
    const engine = createTestEngine(program, { store: slow, secret });
    const pending = [
      engine.handle(eventFrom('u1', count)),
      engine.handle(eventFrom('u1', say('a'))), // queued behind the first
      engine.handle({ ...eventFrom('u2', count), platform: 'other' }),
      engine.runDue(createUserKeyer(secret)('test', 'u3')),
    ];
    expect(engine.inFlight.counts()).toEqual({ test: 2, other: 1, scheduler: 1 });
    let idle = false;
    const waiting = engine.inFlight.idle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(idle).toBe(false);
    open();
    await Promise.all([...pending, waiting]);
    expect(engine.inFlight.counts()).toEqual({});
  });

  it('should send an export document and delete everything on a confirmed forget', async () => {
    const secret = testSecret();
    const engine = createTestEngine(programOf(COUNTER, EXPORT_FLOW, FORGET_FLOW), { secret });
    await engine.handle(eventFrom('u1', count));
    const exported = await engine.handle(eventFrom('u1', { kind: 'command', command: 'export', args: '' }));
    const document = exported.replies.find((r) => r.document)?.document;
    expect(JSON.parse(document?.content ?? '{}').data.state.stats).toEqual({ n: 1 });
    await engine.handle(eventFrom('u1', { kind: 'command', command: 'forget', args: '' }));
    await engine.handle(eventFrom('u1', say('yes')));
    expect(await engine.store.load(createUserKeyer(secret)('test', 'u1') as UserKey)).toMatchObject({ rev: 0 });
  });

  it('should never log what the user typed or their raw platform id', async () => {
    const engine = createTestEngine(program);
    await engine.handle(eventFrom('raw-platform-id-12345', count));
    await engine.handle(eventFrom('raw-platform-id-12345', say('my very private sentence')));
    const log = engine.lines.join('');
    expect(log).toContain('"msg":"turn"');
    expect(log).not.toContain('my very private sentence');
    expect(log).not.toContain('raw-platform-id-12345');
  });
});

const EXPORT_FLOW = `
id: export
version: 1
title: Export
command: export
steps:
  - { id: send, type: action, action: exportData }
`;

const FORGET_FLOW = `
id: forget
version: 1
title: Forget
command: forget
steps:
  - { id: confirm, type: choose, text: Sure?, save: vars.ok, options: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }] }
  - { id: erase, type: action, action: forgetUser }
`;

/** A memory store whose loads all wait until `open()` is called, so turns pile up in the queue. */
function gatedStore(): { inner: SessionStore; slow: SessionStore; open: () => void } {
  const inner = createMemoryStore({ clock: manualClock() });
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow: SessionStore = {
    ...inner,
    load: async (user) => {
      await gate;
      return inner.load(user);
    },
  };
  return { inner, slow, open: () => open() };
}

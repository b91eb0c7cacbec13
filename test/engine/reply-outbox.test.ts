import { describe, expect, inject, it } from 'vitest';
import type { Reply, TurnOutcome } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { SEND_LEASE_MS } from '../../src/session/outbox.js';
import { outboxItems, repliesOf } from '../../src/engine/reply-outbox.js';
import { createTestEngine, eventFrom, manualClock, redisStore } from '../support/engine.js';
import { programOf, say } from '../support/program.js';

// Exactly one answer per applied turn: a redelivery of an applied turn sends what was never sent, and nothing
// that was confirmed or may already have arrived.

const TALK = `
id: talk
version: 1
title: Talk
command: talk
steps:
  - { id: a, type: say, role: info, text: "one" }
  - { id: b, type: say, role: info, text: "two" }
  - { id: c, type: ask, text: "three?", save: vars.last, reask: "again", next: a }
`;
const program = programOf(TALK);
const talk = { kind: 'command', command: 'talk', args: '' } as const;
const textsOf = (outcome: TurnOutcome): string[] => outcome.replies.map((reply) => reply.text);

function receiptOf(outcome: TurnOutcome): NonNullable<Extract<TurnOutcome, { status: 'ok' }>['receipt']> {
  if (outcome.status !== 'ok' || outcome.receipt === undefined) throw new Error(`no receipt on ${outcome.status}`);
  return outcome.receipt;
}

function engineWithClock() {
  const clock = manualClock();
  return { clock, engine: createTestEngine(program, { clock, store: createMemoryStore({ clock }) }) };
}

describe('replies of an applied turn', () => {
  it('should send a redelivery only the replies never confirmed, once the sender let go of them', async () => {
    const { engine } = engineWithClock();
    const first = await engine.handle(eventFrom('u1', talk, 'e1'));
    expect(textsOf(first)).toEqual(['one', 'two', 'three?']);
    await receiptOf(first).sent(1);
    await receiptOf(first).unsent(false);

    const again = await engine.handle(eventFrom('u1', talk, 'e1'));
    expect(again).toMatchObject({ status: 'ok', resumed: true });
    expect(textsOf(again)).toEqual(['two', 'three?']);
    await receiptOf(again).sent(2);
    expect(await engine.handle(eventFrom('u1', talk, 'e1'))).toEqual({ status: 'duplicate', replies: [] });
  });

  it('should not repeat the reply whose sending was cut off: it may have arrived', async () => {
    const { engine } = engineWithClock();
    const first = await engine.handle(eventFrom('u1', talk, 'e1'));
    await receiptOf(first).sent(1);
    await receiptOf(first).unsent(true);
    expect(textsOf(await engine.handle(eventFrom('u1', talk, 'e1')))).toEqual(['three?']);
  });

  it('should leave the replies to their sender while it holds them, and take them after it vanished', async () => {
    const { engine, clock } = engineWithClock();
    await engine.handle(eventFrom('u1', talk, 'e1'));
    expect(await engine.handle(eventFrom('u1', talk, 'e1'))).toEqual({ status: 'duplicate', replies: [] });
    clock.advance(SEND_LEASE_MS + 1);
    // Gone mid-way without a word: the first reply was under way and may have arrived.
    const resumed = await engine.handle(eventFrom('u1', talk, 'e1'));
    expect(textsOf(resumed)).toEqual(['two', 'three?']);
    expect(engine.lines.join('')).toContain('redelivery sends replies never sent');
  });

  it('should answer a fully confirmed turn delivered again with nothing', async () => {
    const { engine, clock } = engineWithClock();
    const first = await engine.handle(eventFrom('u1', talk, 'e1'));
    await receiptOf(first).sent(3);
    clock.advance(SEND_LEASE_MS + 1);
    expect(await engine.handle(eventFrom('u1', talk, 'e1'))).toEqual({ status: 'duplicate', replies: [] });
    // The next message is answered as usual.
    expect(textsOf(await engine.handle(eventFrom('u1', say('hi'), 'e2')))).toEqual(['one', 'two', 'three?']);
  });

  it('should hand back the replies of turns still being sent at shutdown, the one under way in doubt', async () => {
    const { engine } = engineWithClock();
    const first = await engine.handle(eventFrom('u1', talk, 'e1'));
    await receiptOf(first).sent(1);
    await engine.handle(eventFrom('u2', talk, 'e9'));
    expect(await engine.releaseUnsent()).toBe(2);
    expect(textsOf(await engine.handle(eventFrom('u1', talk, 'e1')))).toEqual(['three?']);
    expect(textsOf(await engine.handle(eventFrom('u2', talk, 'e9')))).toEqual(['two', 'three?']);
  });

  it('should do the same with Redis, where the outbox lives beside the state', async () => {
    const engine = createTestEngine(program, { store: await redisStore(inject('redisUrl')) });
    try {
      const first = await engine.handle(eventFrom('u1', talk, 'r1'));
      await receiptOf(first).sent(1);
      await receiptOf(first).unsent(false);
      const again = await engine.handle(eventFrom('u1', talk, 'r1'));
      expect(textsOf(again)).toEqual(['two', 'three?']);
      await receiptOf(again).sent(2);
      expect(await engine.handle(eventFrom('u1', talk, 'r1'))).toEqual({ status: 'duplicate', replies: [] });
    } finally {
      await engine.store.close();
    }
  });
});

describe('outbox items', () => {
  it('should record an export as a marker and make it again when it is owed', async () => {
    const reply: Reply = { kind: 'info', text: 'hello' };
    const items = outboxItems([{ type: 'reply', reply }, { type: 'export' }, { type: 'safety', tier: 'distress' }]);
    expect(items).toEqual([{ reply }, { export: true }]);
    const made: Reply = { kind: 'info', text: 'your data' };
    expect(await repliesOf(items ?? [], async () => made)).toEqual([reply, made]);
  });

  it('should record nothing for a turn that erases the user or says nothing', () => {
    expect(outboxItems([{ type: 'reply', reply: { kind: 'info', text: 'bye' } }, { type: 'forget' }])).toBeUndefined();
    expect(outboxItems([{ type: 'safety', tier: 'distress' }])).toBeUndefined();
  });
});

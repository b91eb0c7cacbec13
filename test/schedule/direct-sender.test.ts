import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendResult } from '../../src/core/types.js';
import { createDirectSender } from '../../src/schedule/direct-sender.js';
import type { Delivery, PlatformSend, UnreachableReport } from '../../src/schedule/sender.js';
import type { UserKey } from '../../src/session/store.js';
import { capturedLogger, manualClock } from '../support/engine.js';

const alice = 'u-alice' as UserKey;
const bob = 'u-bob' as UserKey;
const HOUR = 60 * 60 * 1000;

function delivery(id: string, user = alice): Delivery {
  return { id, user, platform: 'test', address: `chat-${user}`, replies: [{ text: `prompt ${id}`, kind: 'question' }] };
}

/** A platform that answers with `script` in order, then `sent`; an Error in the script is thrown. */
function fakePlatform(script: Array<SendResult | Error> = []) {
  const calls: Array<{ id: string | undefined; at: number }> = [];
  const send: PlatformSend = async (_address, replies) => {
    calls.push({ id: replies[0]?.text, at: Date.now() });
    const next = script.shift() ?? { status: 'sent' };
    if (next instanceof Error) throw next;
    return next;
  };
  return { send, calls };
}

function setup(script: Array<SendResult | Error> = []) {
  const platform = fakePlatform(script);
  const clock = manualClock();
  const unreachable: Array<[UserKey, string, string]> = [];
  // Started as the scheduler starts it: blocked users are reported to the engine, here to `unreachable`.
  const report: UnreachableReport = async (...args) => void unreachable.push(args);
  const { logger, lines } = capturedLogger();
  const sender = createDirectSender({
    platforms: [{ platform: 'test', send: platform.send }],
    logger,
    clock,
    dedupTtlMs: 48 * HOUR,
  });
  return { sender, report, platform, clock, unreachable, lines };
}

describe('createDirectSender', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should send each id once per user until the dedup window has passed', async () => {
    const { sender, report, platform, clock } = setup();
    await sender.start(report);
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.1', bob));
    await vi.advanceTimersByTimeAsync(0);
    expect(platform.calls).toHaveLength(2);
    clock.advance(47 * HOUR);
    await sender.enqueue(delivery('day.1'));
    clock.advance(2 * HOUR);
    await sender.enqueue(delivery('day.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(platform.calls).toHaveLength(3);
    await sender.stop();
  });

  it('should hold deliveries until started and drop cancelled ones for good', async () => {
    const { sender, report, platform } = setup();
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.2'));
    await sender.cancel(alice, ['day.1']);
    await sender.cancel(bob, ['day.2']);
    await sender.enqueue(delivery('day.1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(platform.calls).toHaveLength(0);
    await sender.start(report);
    await vi.advanceTimersByTimeAsync(0);
    expect(platform.calls.map((c) => c.id)).toEqual(['prompt day.2']);
    await sender.stop();
  });

  it('should retry after a rate limit, holding the deliveries behind it', async () => {
    const { sender, report, platform } = setup([{ status: 'rateLimited', retryAfterMs: 1500 }]);
    await sender.start(report);
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.2'));
    await vi.advanceTimersByTimeAsync(1499);
    expect(platform.calls.map((c) => c.id)).toEqual(['prompt day.1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(platform.calls.map((c) => c.id)).toEqual(['prompt day.1', 'prompt day.1', 'prompt day.2']);
    expect(platform.calls[1]!.at - platform.calls[0]!.at).toBe(1500);
    await sender.stop();
  });

  it('should report an unreachable user once, and not retry', async () => {
    const { sender, report, platform, unreachable } = setup([{ status: 'unreachable', reason: 'blocked' }]);
    await sender.start(report);
    await sender.enqueue(delivery('day.1'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(unreachable).toEqual([[alice, 'test', 'blocked']]);
    expect(platform.calls).toHaveLength(1);
    await sender.stop();
  });

  it('should drop a send that threw without logging its text or address, and go on with the next', async () => {
    const { sender, report, platform, lines } = setup([new Error('could not send "prompt day.1" to chat-u-alice')]);
    await sender.start(report);
    await sender.enqueue(delivery('day.1'));
    await sender.enqueue(delivery('day.2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(platform.calls.map((c) => c.id)).toEqual(['prompt day.1', 'prompt day.2']);
    expect(lines.join('\n')).not.toMatch(/prompt day|chat-u-alice/);
    await sender.stop();
  });

  it('should wait for the send in hand on stop', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const send: PlatformSend = async () => {
      calls += 1;
      await gate;
      return { status: 'sent' };
    };
    const sender = createDirectSender({
      platforms: [{ platform: 'test', send }],
      logger: capturedLogger().logger,
      clock: manualClock(),
    });
    await sender.start(async () => undefined);
    await sender.enqueue(delivery('day.1'));
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = sender.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(calls).toBe(1);
  });

  it('should clear a pending rate-limit retry on stop', async () => {
    const { sender, report, platform } = setup([{ status: 'rateLimited', retryAfterMs: 1000 }]);
    await sender.start(report);
    await sender.enqueue(delivery('day.1'));
    await vi.advanceTimersByTimeAsync(0);
    await sender.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(platform.calls).toHaveLength(1);
  });
});

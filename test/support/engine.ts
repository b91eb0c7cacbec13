import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Program } from '../../src/engine/advance.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/engine.js';
import type { Clock, InboundEvent, Input } from '../../src/core/types.js';
import { createDataCrypto } from '../../src/session/crypto.js';
import { createMemoryStore } from '../../src/session/memory-store.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import type { SessionStore } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';

/** A fresh secret per test keeps every test's Redis keys apart. */
export function testSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A clock tests can move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 22, 9, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** A logger whose every line is kept, so tests can check what is (and is never) logged. */
export function capturedLogger(): { logger: EngineOptions['logger']; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** A Redis store on the test run's redis-server (or `url`), with its own secret. */
export async function redisStore(url: string, secret = testSecret()): Promise<SessionStore> {
  const redis = connectRedis(url, { commandTimeoutMs: 1000, maxBackoffMs: 200 });
  await waitForRedis(redis, 5000);
  return createRedisStore({ redis, crypto: createDataCrypto(secret), ttlSeconds: 3600, seenTtlSeconds: 3600 });
}

/** An engine over `program` with a memory store unless one is passed. */
export function createTestEngine(
  program: Pick<Program, 'registry' | 'actions'>,
  overrides: Partial<EngineOptions> & { secret?: string } = {},
): Engine & { store: SessionStore; lines: string[]; options: EngineOptions } {
  const clock = overrides.clock ?? manualClock();
  const { logger, lines } = capturedLogger();
  const options: EngineOptions = {
    registry: program.registry,
    actions: program.actions,
    store: createMemoryStore({ clock }),
    clock,
    userKey: createUserKeyer(overrides.secret ?? testSecret()),
    logger,
    ...overrides,
  };
  return { ...createEngine(options), store: options.store, lines, options };
}

let sequence = 0;

/** An inbound event from `userId` on the test platform, with a fresh delivery id unless one is given. */
export function eventFrom(userId: string, input: Input, id = `test:${++sequence}`): InboundEvent {
  return { ...input, id, platform: 'test', userId, address: `chat-${userId}`, at: 0 };
}

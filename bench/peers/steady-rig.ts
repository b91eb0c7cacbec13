import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { createActions } from '../../src/coach/index.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { systemClock, type Clock, type InboundEvent, type Input } from '../../src/core/types.js';
import type { FlowRegistry } from '../../src/flow/schema.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import type { SessionStore } from '../../src/session/store.js';
import { createUserKeyer, userKeyPrefix, type UserKeyer } from '../../src/session/user-key.js';

// Steady as the peers are measured against it: the real flows, actions, engine, Redis store and
// encryption, wired as src/main.ts wires them, minus the adapters and the scheduler.

/** One Steady process: an engine over its own Redis client and store. */
export interface SteadyInstance {
  engine: Engine;
  store: SessionStore;
}

/** What several Steady processes of one deployment share: the Redis, the secret and so the user keyer. */
export interface SteadyDeployment {
  keyer: UserKeyer;
  /** Starts one more process of the deployment (its own client, store and engine); the wall clock unless given. */
  instance(clock?: Clock): Promise<SteadyInstance>;
  /** The Redis key of a user's encrypted state, for measuring what is stored. */
  stateKey(platform: string, userId: string): string;
}

// The production defaults (SESSION_TTL_DAYS, SEEN_TTL_HOURS in src/core/config.ts).
const TTL_SECONDS = 180 * 86_400;
const SEEN_TTL_SECONDS = 48 * 3_600;

/** A deployment over the Redis at `url` with a fresh secret; instances log nothing (stdout is the report). */
export function createDeployment(url: string, registry: FlowRegistry): SteadyDeployment {
  const secret = generateSecret();
  const keyer = createUserKeyer(secret);
  const logger = pino({ level: 'silent' });
  const actions = createActions(registry);
  return {
    keyer,
    async instance(clock = systemClock) {
      const redis = connectRedis(url, { commandTimeoutMs: 10_000 });
      await waitForRedis(redis, 5000);
      const store = createRedisStore({
        redis,
        crypto: createDataCrypto(secret),
        ttlSeconds: TTL_SECONDS,
        seenTtlSeconds: SEEN_TTL_SECONDS,
        clock,
      });
      const engine = createEngine({ registry, actions, store, clock, userKey: keyer, logger });
      return { engine, store };
    },
    stateKey: (platform, userId) => `${userKeyPrefix(keyer(platform, userId))}:state`,
  };
}

/** Bytes of a user's stored (encrypted) state; 0 when there is none. */
export function storedBytes(redis: Redis, stateKey: string): Promise<number> {
  return redis.hstrlen(stateKey, 'data');
}

let delivery = 0;

/** An inbound Telegram-like event from `userId`, with a fresh delivery id. */
export function inbound(userId: string, input: Input, at: number): InboundEvent {
  delivery += 1;
  return { ...input, id: `bench:${process.pid}:${delivery}`, platform: 'telegram', userId, address: userId, at };
}

import type { Config } from '../config.js';
import type { Clock } from '../engine/types.js';
import { ErrorCode, SteadyError } from '../errors.js';
import type { Logger } from '../ops/logger.js';
import type { Redis } from 'ioredis';
import { createDataCrypto, generateSecret, type DataCrypto } from './crypto.js';
import { createMemoryStore } from './memory-store.js';
import { connectRedis, createRedisStore, waitForRedis } from './redis-store.js';
import type { SessionStore } from './store.js';

const REDIS_READY_TIMEOUT_MS = 5_000;

/** The session store chosen by the config, and the secret that keys user ids. */
export interface StoreSetup {
  store: SessionStore;
  secret: string;
  /** The Redis client and the data crypto when sessions live in Redis; the scheduler shares them. */
  redis?: { client: Redis; crypto: DataCrypto; url: string };
}

/** Redis when `REDIS_URL` is set (data encrypted with `STEADY_SECRET`), otherwise the in-memory store. */
export async function createStoreFromConfig(config: Config, clock: Clock, logger: Logger): Promise<StoreSetup> {
  if (config.REDIS_URL !== undefined) {
    // loadConfig refuses REDIS_URL without a secret; checked again so a hand-built Config cannot skip it.
    if (config.STEADY_SECRET === undefined) {
      throw new SteadyError(ErrorCode.Config, 'STEADY_SECRET is required when REDIS_URL is set.');
    }
    const redis = connectRedis(config.REDIS_URL, {
      onError: (error) => logger.warn({ err: error }, 'redis connection error'),
    });
    // Fail at startup on a wrong URL or a down server, rather than on every user's first turn.
    await waitForRedis(redis, REDIS_READY_TIMEOUT_MS).catch((error: unknown) => {
      redis.disconnect();
      const reason = error instanceof Error ? error.message : String(error);
      throw new SteadyError(ErrorCode.StoreUnavailable, `${reason} Check REDIS_URL and that the server is running.`, {
        cause: error,
      });
    });
    const crypto = createDataCrypto(config.STEADY_SECRET);
    const store = createRedisStore({
      redis,
      crypto,
      ttlSeconds: config.SESSION_TTL_DAYS * 86_400,
      seenTtlSeconds: config.SEEN_TTL_HOURS * 3_600,
    });
    logger.info('sessions are stored in Redis');
    return { store, secret: config.STEADY_SECRET, redis: { client: redis, crypto, url: config.REDIS_URL } };
  }
  const store = createMemoryStore({ clock, ttlMs: config.SESSION_TTL_DAYS * 86_400_000 });
  return { store, secret: config.STEADY_SECRET ?? oneOffSecret(logger) };
}

// Memory sessions die with the process anyway, so a random per-run secret for user keys loses nothing more.
function oneOffSecret(logger: Logger): string {
  logger.warn(
    'no REDIS_URL and no STEADY_SECRET: using a one-off secret for this run; '
      + 'conversations are kept in memory and will not survive a restart',
  );
  return generateSecret();
}

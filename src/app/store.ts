import type { Config } from '../core/config.js';
import type { Clock } from '../core/types.js';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { Logger } from '../ops/logger.js';
import { createOutageLog } from '../ops/outage-log.js';
import type { Metrics } from '../ops/metrics.js';
import { createDataCrypto, generateSecret, type DataCrypto } from '../session/crypto.js';
import { createMemoryStore } from '../session/memory-store.js';
import { createRedisBatchStore, type BatchStore } from '../session/redis-batch.js';
import { connectRedis, createRedisStore, waitForRedis } from '../session/redis-store.js';
import { describeTarget, redisTargetOf, type RedisClient, type RedisTarget } from '../session/redis-target.js';
import type { SessionStore } from '../session/store.js';

const REDIS_READY_TIMEOUT_MS = 5_000;

/** The session store chosen by the config, and the secret that keys user ids. */
export interface StoreSetup {
  store: SessionStore;
  secret: string;
  /** The Redis client and the data crypto when sessions live in Redis; the scheduler shares them. */
  redis?: { client: RedisClient; crypto: DataCrypto; target: RedisTarget; batch?: BatchStore };
}

/**
 * Redis when a deployment is configured (data encrypted with `STEADY_SECRET`), otherwise the in-memory store.
 * `metrics` hears the store's failed Redis calls.
 */
export async function createStoreFromConfig(
  config: Config,
  clock: Clock,
  logger: Logger,
  metrics?: Pick<Metrics, 'redisError'>,
): Promise<StoreSetup> {
  const target = redisTargetOf(config);
  if (target !== undefined) {
    // loadConfig refuses Redis without a secret; checked again so a hand-built Config cannot skip it.
    if (config.STEADY_SECRET === undefined) {
      throw new SteadyError(ErrorCode.Config, 'STEADY_SECRET is required when sessions are stored in Redis.');
    }
    const outage = createOutageLog(logger, 'redis');
    const redis = connectRedis(target, { onError: (error) => outage.error(error) });
    redis.on('ready', () => outage.recovered());
    // Fail at startup on a wrong URL or a down server, rather than on every user's first turn.
    await waitForRedis(redis, REDIS_READY_TIMEOUT_MS).catch((error: unknown) => {
      redis.disconnect();
      const reason = error instanceof Error ? error.message : String(error);
      throw new SteadyError(
        ErrorCode.StoreUnavailable,
        `${reason} Check the settings for ${describeTarget(target)} and that it is running.`,
        {
          cause: error,
        },
      );
    });
    const crypto = createDataCrypto(config.STEADY_SECRET);
    const storeOptions = {
      redis,
      crypto,
      ttlSeconds: config.SESSION_TTL_DAYS * 86_400,
      seenTtlSeconds: config.SEEN_TTL_HOURS * 3_600,
      ...(metrics ? { onError: (operation: string) => metrics.redisError(operation) } : {}),
    };
    const store = createRedisStore(storeOptions);
    // The scheduler's due turns in batches: the same keys and encoding, many users per round trip.
    const batch = createRedisBatchStore(storeOptions);
    logger.info({ redis: target.kind }, 'sessions are stored in Redis');
    return { store, secret: config.STEADY_SECRET, redis: { client: redis, crypto, target, batch } };
  }
  const store = createMemoryStore({ clock, ttlMs: config.SESSION_TTL_DAYS * 86_400_000 });
  return { store, secret: config.STEADY_SECRET ?? oneOffSecret(logger) };
}

// Memory sessions die with the process anyway, so a random per-run secret for user keys loses nothing more.
function oneOffSecret(logger: Logger): string {
  logger.warn(
    'no REDIS_URL and no STEADY_SECRET: using a one-off secret for this run; ' +
      'conversations are kept in memory and will not survive a restart',
  );
  return generateSecret();
}

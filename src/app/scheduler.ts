import type { Adapter, Clock } from '../core/types.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { StoreSetup } from './store.js';
import { createDirectSender } from '../schedule/direct-sender.js';
import { createMemoryDueIndex } from '../schedule/memory-due-index.js';
import { createQueueSender, PLATFORM_LIMITS, type SendLimit } from '../schedule/queue-sender.js';
import { createRedisDueIndex } from '../schedule/redis-due-index.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';

/** The longest sleep of the in-process claim loop. */
export const MEMORY_IDLE_MS = 3_600_000;

// A platform without a published budget of its own (the terminal) still gets a gentle limit.
const FALLBACK_LIMIT: SendLimit = { max: 10, durationMs: 1000 };

/**
 * The scheduler the config asks for: with Redis, the due index lives there and messages go through
 * BullMQ queues shared by every process; without, both live in this process (the terminal chat).
 */
export function createSchedulerFromConfig(
  setup: StoreSetup,
  adapters: readonly Adapter[],
  clock: Clock,
  logger: Logger,
  metrics?: Pick<Metrics, 'schedulerLag' | 'sendFailure' | 'dueSetSize' | 'redisError'>,
): Scheduler {
  const sends = new Map(
    adapters.map((adapter) => [
      adapter.platform,
      (address: string, replies: Parameters<Adapter['send']>[1]) => adapter.send(address, replies),
    ]),
  );
  if (setup.redis === undefined) {
    return createScheduler({
      index: createMemoryDueIndex(),
      makeSender: (hooks) =>
        createDirectSender({ platforms: mapValues(sends, (send) => ({ send })), hooks, logger, clock }),
      clock,
      logger,
      // Only this process plans times here, and it wakes its own worker when it does, so the loop may sleep long.
      worker: { idleMs: MEMORY_IDLE_MS },
      ...(metrics ? { metrics } : {}),
    });
  }
  const { client, crypto, target } = setup.redis;
  const platforms = mapValues(sends, (send, platform) => ({ send, limit: limitOf(platform) }));
  return createScheduler({
    index: createRedisDueIndex({
      redis: client,
      ...(metrics ? { onError: (operation: string) => metrics.redisError(operation) } : {}),
    }),
    makeSender: (hooks) => createQueueSender({ redis: target, crypto, platforms, hooks, logger }),
    clock,
    logger,
    ...(metrics ? { metrics } : {}),
  });
}

function limitOf(platform: string): SendLimit {
  return platform in PLATFORM_LIMITS ? PLATFORM_LIMITS[platform as keyof typeof PLATFORM_LIMITS] : FALLBACK_LIMIT;
}

function mapValues<V, W>(map: ReadonlyMap<string, V>, fn: (value: V, key: string) => W): Map<string, W> {
  return new Map([...map].map(([key, value]) => [key, fn(value, key)]));
}

import type { Adapter, Clock } from '../core/types.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { StoreSetup } from './store.js';
import { createDirectSender } from '../schedule/direct-sender.js';
import { createMemoryDueIndex } from '../schedule/memory-due-index.js';
import { createQueueSender } from '../schedule/queue-sender.js';
import { createRedisDueIndex } from '../schedule/redis-due-index.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';

/** The longest sleep of the in-process claim loop. */
export const MEMORY_IDLE_MS = 3_600_000;

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
  if (setup.redis === undefined) {
    return createScheduler({
      index: createMemoryDueIndex(),
      makeSender: (hooks) => createDirectSender({ platforms: adapters, hooks, logger, clock }),
      clock,
      logger,
      // Only this process plans times here, and it wakes its own worker when it does, so the loop may sleep long.
      worker: { idleMs: MEMORY_IDLE_MS },
      ...(metrics ? { metrics } : {}),
    });
  }
  const { client, crypto, target } = setup.redis;
  return createScheduler({
    index: createRedisDueIndex({
      redis: client,
      ...(metrics ? { onError: (operation: string) => metrics.redisError(operation) } : {}),
    }),
    makeSender: (hooks) => createQueueSender({ redis: target, crypto, platforms: adapters, hooks, logger }),
    clock,
    logger,
    ...(metrics ? { metrics } : {}),
  });
}

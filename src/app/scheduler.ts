import type { Adapter, Clock } from '../core/types.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { FailureReport } from '../schedule/sender.js';
import type { StoreSetup } from './store.js';
import { createDirectSender } from '../schedule/direct-sender.js';
import { createMemoryDueIndex } from '../schedule/memory-due-index.js';
import { createQueueSender } from '../schedule/queue-sender.js';
import { createRedisDueIndex } from '../schedule/redis-due-index.js';
import { createSchedule, type Schedule } from '../schedule/scheduler.js';

/** The longest sleep of the in-process claim loop. */
export const MEMORY_IDLE_MS = 3_600_000;

/**
 * The schedule the config asks for, made before the engine: with Redis, the due index lives there and
 * messages go through BullMQ queues shared by every process; without, both live in this process (the
 * terminal chat). The sender sends through `adapters`, which need not have started.
 */
export function createScheduleFromConfig(
  setup: StoreSetup,
  adapters: readonly Adapter[],
  clock: Clock,
  logger: Logger,
  metrics?: Pick<Metrics, 'schedulerLag' | 'sendFailure' | 'dueSetSize' | 'redisError'>,
): Schedule {
  const failed: { failed?: FailureReport } = metrics
    ? { failed: (platform, reason) => metrics.sendFailure(platform, reason) }
    : {};
  if (setup.redis === undefined) {
    return createSchedule({
      index: createMemoryDueIndex(),
      sender: createDirectSender({ platforms: adapters, ...failed, logger, clock }),
      clock,
      logger,
      // Only this process plans times here, and it wakes its own worker when it does, so the loop may sleep long.
      worker: { idleMs: MEMORY_IDLE_MS },
      ...(metrics ? { metrics } : {}),
    });
  }
  const { client, crypto, target, batch } = setup.redis;
  return createSchedule({
    index: createRedisDueIndex({
      redis: client,
      ...(metrics ? { onError: (operation: string) => metrics.redisError(operation) } : {}),
    }),
    sender: createQueueSender({ redis: target, crypto, platforms: adapters, ...failed, logger }),
    ...(batch ? { batch } : {}),
    clock,
    logger,
    ...(metrics ? { metrics } : {}),
  });
}

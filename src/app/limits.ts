import { bindTexts, type Catalogs } from '../core/catalog.js';
import type { Config } from '../core/config.js';
import type { Clock, TurnHandler } from '../core/types.js';
import { ENGINE_MESSAGES } from '../engine/messages.js';
import type { Logger } from '../ops/logger.js';
import { createLimiter } from '../ops/limiter.js';
import type { Metrics } from '../ops/metrics.js';
import type { UserKeyer } from '../session/user-key.js';

/** What {@link limitTurns} is built from. */
export interface LimitDeps {
  config: Pick<Config, 'STEADY_USER_BURST' | 'STEADY_USER_PER_MINUTE' | 'STEADY_GLOBAL_PER_SECOND'>;
  clock: Clock;
  catalogs: Catalogs;
  userKey: UserKeyer;
  logger: Pick<Logger, 'info' | 'warn'>;
  metrics?: Pick<Metrics, 'limited'> | undefined;
}

// A dropped message at the global limit is logged at most this often, with how many were dropped since.
const GLOBAL_LOG_EVERY_MS = 60_000;

/**
 * Wraps the engine's turn handler in the rate limits, on every platform and mode alike. A user over their
 * rate is answered once with "slow down" and then dropped until a token is back; over the global rate,
 * messages are dropped. Buckets are keyed by the pseudonymous user key, so no raw id is held.
 */
export function limitTurns(handle: TurnHandler, deps: LimitDeps): TurnHandler {
  const { config, logger, metrics } = deps;
  const limiter = createLimiter({
    clock: deps.clock,
    burst: config.STEADY_USER_BURST,
    refillMs: 60_000 / config.STEADY_USER_PER_MINUTE,
    globalPerSecond: config.STEADY_GLOBAL_PER_SECOND,
    globalBurst: config.STEADY_GLOBAL_PER_SECOND,
  });
  const slowDown = bindTexts(ENGINE_MESSAGES, deps.catalogs).text('slowDown');
  let globalDropped = 0;
  let globalLoggedAt = -Infinity;
  return async (event) => {
    // A platform's own signal (a user who blocked the bot) is not a message of theirs.
    if (event.kind === 'signal') return handle(event);
    const user = deps.userKey(event.platform, event.userId);
    const admission = limiter.admit(user);
    if (admission.verdict === 'take') return handle(event);
    metrics?.limited(event.platform, admission.scope);
    if (admission.verdict === 'warn') {
      logger.info({ user, platform: event.platform }, 'user over the rate limit; asked to slow down');
      return { status: 'busy', replies: [{ kind: 'error', text: slowDown }] };
    }
    if (admission.scope === 'global') {
      globalDropped += 1;
      if (deps.clock.now() - globalLoggedAt >= GLOBAL_LOG_EVERY_MS) {
        logger.warn({ dropped: globalDropped }, 'over the global rate limit; messages dropped');
        globalLoggedAt = deps.clock.now();
        globalDropped = 0;
      }
    }
    return { status: 'busy', replies: [] };
  };
}

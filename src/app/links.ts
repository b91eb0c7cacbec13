import type { Config } from '../core/config.js';
import type { Clock } from '../core/types.js';
import type { LinkPort } from '../engine/link-port.js';
import { createMemoryLinkBackend } from '../link/backend.js';
import { createLinks } from '../link/links.js';
import { createRedisLinkBackend } from '../link/redis-backend.js';
import type { UserKeyer } from '../session/user-key.js';
import type { StoreSetup } from './store.js';

/** The links beside the sessions: in Redis when sessions are, else in memory; they live as long as sessions do. */
export function createLinksFromConfig(setup: StoreSetup, config: Config, clock: Clock, userKey: UserKeyer): LinkPort {
  const backend = setup.redis ? createRedisLinkBackend(setup.redis.client) : createMemoryLinkBackend(clock);
  return createLinks({ backend, secret: setup.secret, userKey, ttlMs: config.SESSION_TTL_DAYS * 86_400_000 });
}

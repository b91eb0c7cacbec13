import type { RedisClient } from '../session/redis-target.js';
import type { UserKey } from '../session/store.js';
import { userKeyPrefix } from '../session/user-key.js';
import type { LinkBackend } from './backend.js';

// Every key of a chat or user sits under its `{u:…}` hash tag, so each command touches one Cluster slot; a
// code has its own slot. No command spans two keys of different users.
const aliasKey = (chat: UserKey): string => `${userKeyPrefix(chat)}:link`;
const chatsKey = (user: UserKey): string => `${userKeyPrefix(user)}:linked`;
const guessKey = (chat: UserKey): string => `${userKeyPrefix(chat)}:link-guesses`;
const codeKey = (hash: string): string => `steady:link-code:${hash}`;

/** Links in Redis: plain strings and sets of pseudonymous keys, with TTLs; no platform id, no user content. */
export function createRedisLinkBackend(redis: RedisClient): LinkBackend {
  return {
    async alias(chat, ttlMs) {
      const user = await redis.getex(aliasKey(chat), 'PX', ttlMs);
      return user === null ? undefined : (user as UserKey);
    },
    async link(chat, user, ttlMs) {
      await redis.set(aliasKey(chat), user, 'PX', ttlMs);
      // One slot ({u:user}), so the set never exists without its TTL.
      await redis.multi().sadd(chatsKey(user), chat).pexpire(chatsKey(user), ttlMs).exec();
    },
    async unlink(chat, user) {
      if ((await redis.get(aliasKey(chat))) === user) await redis.del(aliasKey(chat));
      await redis.srem(chatsKey(user), chat);
    },
    async members(user) {
      return (await redis.smembers(chatsKey(user))) as UserKey[];
    },
    async drop(user) {
      for (const chat of (await redis.smembers(chatsKey(user))) as UserKey[]) {
        if ((await redis.get(aliasKey(chat))) === user) await redis.del(aliasKey(chat));
      }
      await redis.del(chatsKey(user));
    },
    async putCode(hash, user, ttlMs) {
      return (await redis.set(codeKey(hash), user, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async takeCode(hash) {
      const user = await redis.getdel(codeKey(hash));
      return user === null ? undefined : (user as UserKey);
    },
    async guess(chat, windowMs) {
      // The window starts with the first guess and INCR keeps the TTL, so the counter always expires.
      await redis.set(guessKey(chat), 0, 'PX', windowMs, 'NX');
      return redis.incr(guessKey(chat));
    },
  };
}

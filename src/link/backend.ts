import type { Clock } from '../core/types.js';
import type { UserKey } from '../session/store.js';

/**
 * Where links live: the alias of a chat (its own user key → the user key it shares), each user's linked chats,
 * one-time codes (only their keyed hash), and counts of wrong guesses. Nothing here holds a platform id.
 */
export interface LinkBackend {
  /** The key a chat is linked to, refreshing the link's lifetime to `ttlMs`; undefined when it is not linked. */
  alias(chat: UserKey, ttlMs: number): Promise<UserKey | undefined>;
  /** Links `chat` to `user` for `ttlMs` and lists it among the user's chats. */
  link(chat: UserKey, user: UserKey, ttlMs: number): Promise<void>;
  /** Removes the link of `chat` to `user`. */
  unlink(chat: UserKey, user: UserKey): Promise<void>;
  /** The chats linked to `user`. */
  members(user: UserKey): Promise<UserKey[]>;
  /** Removes every link to `user` and its list of chats. */
  drop(user: UserKey): Promise<void>;
  /** Stores a code (its hash) for `user` unless it is taken; false when it is. */
  putCode(hash: string, user: UserKey, ttlMs: number): Promise<boolean>;
  /** The user a code was made for, deleting the code in the same step (single use). */
  takeCode(hash: string): Promise<UserKey | undefined>;
  /** Counts one more guess by `chat` in a window of `windowMs` from its first, returning the count. */
  guess(chat: UserKey, windowMs: number): Promise<number>;
}

/** Links in this process's memory (the terminal chat and tests); entries expire like Redis keys. */
export function createMemoryLinkBackend(clock: Clock): LinkBackend {
  const aliases = new Map<UserKey, { user: UserKey; until: number }>();
  const chats = new Map<UserKey, Set<UserKey>>();
  const codes = new Map<string, { user: UserKey; until: number }>();
  const guesses = new Map<UserKey, { count: number; until: number }>();
  const live = <T extends { until: number }>(map: Map<string, T>, key: string): T | undefined => {
    const entry = map.get(key);
    if (entry !== undefined && entry.until <= clock.now()) map.delete(key);
    return entry !== undefined && entry.until > clock.now() ? entry : undefined;
  };
  return {
    async alias(chat, ttlMs) {
      const entry = live(aliases, chat);
      if (entry !== undefined) entry.until = clock.now() + ttlMs;
      return entry?.user;
    },
    async link(chat, user, ttlMs) {
      aliases.set(chat, { user, until: clock.now() + ttlMs });
      chats.set(user, new Set([...(chats.get(user) ?? []), chat]));
    },
    async unlink(chat, user) {
      if (aliases.get(chat)?.user === user) aliases.delete(chat);
      chats.get(user)?.delete(chat);
    },
    async members(user) {
      return [...(chats.get(user) ?? [])];
    },
    async drop(user) {
      for (const chat of chats.get(user) ?? []) if (aliases.get(chat)?.user === user) aliases.delete(chat);
      chats.delete(user);
    },
    async putCode(hash, user, ttlMs) {
      if (live(codes, hash) !== undefined) return false;
      codes.set(hash, { user, until: clock.now() + ttlMs });
      return true;
    },
    async takeCode(hash) {
      const entry = live(codes, hash);
      codes.delete(hash);
      return entry?.user;
    },
    async guess(chat, windowMs) {
      const entry = live(guesses, chat) ?? { count: 0, until: clock.now() + windowMs };
      entry.count += 1;
      guesses.set(chat, entry);
      return entry.count;
    },
  };
}

import { createHmac } from 'node:crypto';
import { deriveKey } from './crypto.js';
import type { UserKey } from './store.js';

/** Turns a platform and raw platform user id into a {@link UserKey}. */
export type UserKeyer = (platform: string, userId: string) => UserKey;

// 22 base64url chars = 132 bits: short keys, and collisions stay out of reach for any user count.
const KEY_LENGTH = 22;

/** A keyer that maps `platform:userId` to a stable pseudonym (HMAC-SHA256); the raw id never leaves it. */
export function createUserKeyer(secret: string): UserKeyer {
  const key = deriveKey(secret, 'steady/user-key/v1');
  return (platform, userId) =>
    createHmac('sha256', key)
      .update(`${platform}:${userId}`, 'utf8')
      .digest('base64url')
      .slice(0, KEY_LENGTH) as UserKey;
}

/** The prefix of every Redis key of `user`; the `{…}` hash tag keeps them all on one Cluster slot. */
export function userKeyPrefix(user: UserKey): string {
  return `steady:{u:${user}}`;
}

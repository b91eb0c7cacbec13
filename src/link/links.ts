import { createHmac, randomInt } from 'node:crypto';
import { ErrorCode, SteadyError } from '../core/errors.js';
import type { JoinResult, LinkPort, UnlinkResult } from '../engine/link-port.js';
import { deriveKey } from '../session/crypto.js';
import type { UserKey } from '../session/store.js';
import type { UserKeyer } from '../session/user-key.js';
import type { LinkBackend } from './backend.js';

/** How long a code can be entered. */
export const CODE_TTL_MS = 10 * 60_000;
/** Codes a chat may try within {@link CODE_TTL_MS}; the next ones are refused until the window ends. */
export const MAX_GUESSES = 5;
// No 0/O, 1/I/L: a code is read off one screen and typed on another. 31^6 ≈ 887 million codes.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/** What {@link createLinks} is made from. */
export interface LinkOptions {
  backend: LinkBackend;
  /** The data secret: codes are kept only as a keyed hash under a key derived from it. */
  secret: string;
  /** The same keyer the engine uses, so a chat's own key is its user key of today. */
  userKey: UserKeyer;
  /** How long a link lives after its chat's last message: the session retention. */
  ttlMs: number;
  /** Draws one character index; tests pass their own. */
  draw?: (max: number) => number;
}

/**
 * One person across platforms: an alias from a chat's own key to the key of the user it joined, resolved
 * before every turn. Platform ids are never stored: a chat is known only by its keyed hash (its user key).
 */
export function createLinks(options: LinkOptions): LinkPort {
  const { backend, userKey, ttlMs } = options;
  const codeKey = deriveKey(options.secret, 'steady/link-code/v1');
  const draw = options.draw ?? ((max: number) => randomInt(max));
  const hash = (code: string): string => createHmac('sha256', codeKey).update(code, 'utf8').digest('base64url');
  const own = (platform: string, userId: string): UserKey => userKey(platform, userId);
  const resolveOwn = async (chat: UserKey): Promise<UserKey> => (await backend.alias(chat, ttlMs)) ?? chat;

  return {
    async resolve(platform, userId) {
      try {
        return await resolveOwn(own(platform, userId));
      } catch (error) {
        throw new SteadyError(ErrorCode.StoreUnavailable, 'Links could not be read; the store is unavailable.', {
          cause: error,
        });
      }
    },
    async issue(user) {
      for (;;) {
        const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[draw(ALPHABET.length)]).join('');
        if (await backend.putCode(hash(code), user, CODE_TTL_MS)) return code;
      }
    },
    async join(platform, userId, typed): Promise<JoinResult> {
      const chat = own(platform, userId);
      if ((await backend.guess(chat, CODE_TTL_MS)) > MAX_GUESSES) return { status: 'tooMany' };
      // A chat others joined keeps their state; it must let them go before it can join someone else.
      if ((await backend.members(chat)).length > 0) return { status: 'hasOthers' };
      const user = await backend.takeCode(hash(normalize(typed)));
      if (user === undefined) return { status: 'wrong' };
      const previous = await resolveOwn(chat);
      if (previous === user) return { status: 'same' };
      if (previous !== chat) await backend.unlink(chat, previous);
      await backend.link(chat, user, ttlMs);
      return { status: 'joined', user, previous, ownState: previous === chat };
    },
    async unlink(platform, userId): Promise<UnlinkResult> {
      const chat = own(platform, userId);
      const user = await resolveOwn(chat);
      if (user !== chat) {
        await backend.unlink(chat, user);
        return { status: 'detached', user };
      }
      const others = await backend.members(chat);
      await backend.drop(chat);
      return others.length > 0 ? { status: 'released', count: others.length } : { status: 'none' };
    },
    forget: (user) => backend.drop(user),
  };
}

/** A typed code as stored: capitals, without spaces or dashes. */
export function normalize(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

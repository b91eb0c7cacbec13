import type { UserKey } from '../session/store.js';

// What the engine needs of the links (src/link builds it): resolving a chat to the user it belongs to, and
// carrying out /link, /unlink and /forget. Declared here so the engine names no storage.

/** How entering a code went. */
export type JoinResult =
  /** The chat now belongs to `user`; `previous` is what it belonged to, `ownState` when that was its own state. */
  | { status: 'joined'; user: UserKey; previous: UserKey; ownState: boolean }
  /** No such code, or it expired or was used. */
  | { status: 'wrong' }
  /** Too many codes tried from this chat lately. */
  | { status: 'tooMany' }
  /** The code belongs to the user this chat already is. */
  | { status: 'same' }
  /** Other chats are linked to this one; they must be let go first. */
  | { status: 'hasOthers' };

/** What /unlink did. */
export type UnlinkResult =
  /** This chat left `user`, whose state stays with the other chats; it starts afresh. */
  | { status: 'detached'; user: UserKey }
  /** The `count` chats linked to this one were let go; the state stays here. */
  | { status: 'released'; count: number }
  /** Nothing was linked. */
  | { status: 'none' };

/** The alias layer at key resolution: chat → the user key whose state it uses. */
export interface LinkPort {
  /** The user key of the chat: its own, or the one it joined. Throws a StoreUnavailable error when unreadable. */
  resolve(platform: string, userId: string): Promise<UserKey>;
  /** A fresh one-time code for `user` (short, valid ten minutes, single use). */
  issue(user: UserKey): Promise<string>;
  /** Joins the chat to the user whose code was typed, counting the guess. */
  join(platform: string, userId: string, code: string): Promise<JoinResult>;
  /** Undoes links of the chat: this chat leaves, or (for the chat others joined) they all leave. */
  unlink(platform: string, userId: string): Promise<UnlinkResult>;
  /** Removes every link to `user` (part of /forget). */
  forget(user: UserKey): Promise<void>;
}

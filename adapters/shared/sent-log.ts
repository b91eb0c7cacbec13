import type { Clock, Reply } from '../../src/index.js';

/** One message Steady sent: the platform's id for it (never its text) and when it went out. */
export interface SentMessage {
  id: string;
  at: number;
}

/**
 * The ids of the messages Steady sent in each chat, so `/erase` can remove them. Bounded (per chat and in
 * chats) and forgotten after `ttlMs`: ids older than the platform lets a bot delete are of no use, and nothing
 * about a person should be kept longer than it serves them. Held in memory: after a restart, or in another
 * process, earlier ids are not known, and `/erase` says so.
 */
export interface SentLog {
  /** Notes that `id` was sent to `address` now. */
  note(address: string, id: string): void;
  /** The chat's remembered messages, oldest first, removed from the log. */
  take(address: string): SentMessage[];
}

/** Limits of a {@link SentLog}. */
export interface SentLogLimits {
  ttlMs: number;
  /** Messages kept per chat; the oldest go first. */
  perChat: number;
  /** Chats kept; the chat written to least recently goes first. */
  chats: number;
}

/** Creates an in-memory {@link SentLog}. */
export function createSentLog(limits: SentLogLimits, clock: Clock): SentLog {
  const chats = new Map<string, SentMessage[]>();
  const fresh = (list: SentMessage[]): SentMessage[] => list.filter((m) => clock.now() - m.at < limits.ttlMs);
  return {
    note(address, id) {
      const list = fresh(chats.get(address) ?? []);
      list.push({ id, at: clock.now() });
      chats.delete(address);
      // Maps iterate in insertion order: the first chat is the one written to least recently.
      if (chats.size >= limits.chats) {
        const oldest = chats.keys().next();
        if (!oldest.done) chats.delete(oldest.value);
      }
      chats.set(address, list.slice(-limits.perChat));
    },
    take(address) {
      const list = fresh(chats.get(address) ?? []);
      chats.delete(address);
      return list;
    },
  };
}

/** What /erase did in one chat. */
export interface Erased {
  removed: number;
  failed: number;
}

/** Deletes each remembered message of `address` with `remove`, counting what the platform refused. */
export async function eraseRemembered(
  log: SentLog,
  address: string,
  remove: (message: SentMessage) => Promise<void>,
): Promise<Erased> {
  const erased: Erased = { removed: 0, failed: 0 };
  for (const message of log.take(address)) {
    try {
      await remove(message);
      erased.removed += 1;
    } catch {
      // Already deleted by the user, or past what the platform allows: either way not Steady's to remove now.
      erased.failed += 1;
    }
  }
  return erased;
}

/** A platform's words for the /erase report: its catalog's `eraseRemoved`, `eraseFailed` and `eraseLeft`. */
export interface EraseTexts {
  text(key: 'eraseRemoved' | 'eraseFailed', values: { count: number }): string;
  text(key: 'eraseLeft'): string;
}

/** The plain report of what /erase removed, what the platform refused, and what stays. */
export function erasedReply(texts: EraseTexts, erased: Erased): Reply {
  const lines = [texts.text('eraseRemoved', { count: erased.removed })];
  if (erased.failed > 0) lines.push(texts.text('eraseFailed', { count: erased.failed }));
  lines.push(texts.text('eraseLeft'));
  return { kind: 'info', text: lines.join('\n\n') };
}

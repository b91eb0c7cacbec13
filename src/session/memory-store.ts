import type { Clock } from '../core/types.js';
import { createState, isHistoryList, parseState, retentionSeconds, withoutHistory } from '../core/state.js';
import type { Json, SessionState } from '../core/state.js';
import { windowState, withPast } from '../core/recent.js';
import type { CommitResult, Loaded, SessionStore, UserKey } from './store.js';
import { createMemoryOutbox } from './outbox.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Time source for expiry; tests pass a fake one. */
  clock: Clock;
  /** How long a user's data lives after their last commit; omitted means it lives as long as the process. */
  ttlMs?: number;
  /** How many event ids to remember per user for duplicate detection (the most recent ones). Default 1000. */
  seenLimit?: number;
}

interface Entry {
  /** Stored as a string so no caller can mutate stored state through a reference. */
  json: string;
  rev: number;
  /** Insertion-ordered, so the oldest id is the first one dropped. */
  seen: Set<string>;
  /** The history lists (core/state.ts HISTORY_LISTS) by part and key, kept apart as the Redis store keeps them. */
  history: string;
  expiresAt: number;
}

/** An in-process {@link SessionStore} for the embedded console bot and tests; same semantics as the Redis store. */
export function createMemoryStore(options: MemoryStoreOptions): SessionStore {
  const { clock, ttlMs = Number.POSITIVE_INFINITY, seenLimit = 1000 } = options;
  const entries = new Map<UserKey, Entry>();
  const outbox = createMemoryOutbox(clock);

  // Expired entries are dropped on access, the way Redis expires keys lazily.
  const live = (user: UserKey): Entry | undefined => {
    const entry = entries.get(user);
    if (entry && entry.expiresAt <= clock.now()) {
      entries.delete(user);
      return undefined;
    }
    return entry;
  };

  return {
    async load(user): Promise<Loaded> {
      const entry = live(user);
      if (!entry) return { state: createState(), rev: 0 };
      return { state: parseState(JSON.parse(entry.json)), rev: entry.rev };
    },
    outbox,
    async commit(user, given, rev, eventId, replies): Promise<CommitResult> {
      const entry = live(user);
      const state = windowState(given);
      if (entry?.seen.has(eventId)) return 'duplicate';
      if ((entry?.rev ?? 0) !== rev) return 'conflict';
      const seen = entry?.seen ?? new Set<string>();
      remember(seen, eventId, seenLimit);
      entries.set(user, {
        json: JSON.stringify(withoutHistory(state)),
        rev: rev + 1,
        seen,
        history: JSON.stringify(
          appendHistory(entry === undefined ? {} : (JSON.parse(entry.history) as History), state),
        ),
        expiresAt: clock.now() + retentionSeconds(state, ttlMs / 1000) * 1000,
      });
      if (replies !== undefined && replies.length > 0) outbox.record(user, eventId, replies);
      return 'ok';
    },
    async forget(user) {
      entries.delete(user);
      outbox.forget(user);
    },
    async export(user): Promise<Json> {
      const entry = live(user);
      if (!entry) return { state: null };
      const state = parseState(JSON.parse(entry.json));
      const history = JSON.parse(entry.history) as History;
      for (const part of ['profile', 'stats'] as const) Object.assign(state[part], history[part] ?? {});
      return { state: toJson(withPast(state)) };
    },
    async close() {
      entries.clear();
    },
  };
}

type History = Partial<Record<'profile' | 'stats', Record<string, Json[]>>>;

// What a turn appended to a history list (it saw the list empty) is added to the user's history.
function appendHistory(history: History, state: SessionState): History {
  for (const part of ['profile', 'stats'] as const) {
    for (const [key, value] of Object.entries(state[part])) {
      if (!isHistoryList(part, key) || !Array.isArray(value) || value.length === 0) continue;
      const lists = (history[part] ??= {});
      lists[key] = [...(lists[key] ?? []), ...value];
    }
  }
  return history;
}

function remember(seen: Set<string>, eventId: string, limit: number): void {
  seen.add(eventId);
  for (const oldest of seen) {
    if (seen.size <= limit) break;
    seen.delete(oldest);
  }
}

// zod types optional fields as `T | undefined`, which Json does not allow; a round trip drops them.
function toJson(state: SessionState): Json {
  return JSON.parse(JSON.stringify(state)) as Json;
}

import type { Redis } from 'ioredis';
import { withoutHistory, type SessionState } from '../../src/core/state.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import type { UserKeyer } from '../../src/session/user-key.js';
import { userKeyPrefix } from '../../src/session/user-key.js';

// Fills Redis with many users copied from a few simulated ones, through the store's own commit, and
// reads back what each user costs there.

/** A simulated user's final state (history lists included, as /export gives it) and how many events its seen set held at the end. */
export interface Template {
  state: SessionState;
  seenEvents: number;
}

/** Options of {@link commitCopies}. */
export interface CopyOptions {
  store: SessionStore;
  keyer: UserKeyer;
  templates: readonly Template[];
  /** Copies to make; copy `i` takes template `i % templates.length`. */
  count: number;
  /** First Telegram user id of the copies. */
  firstId: number;
  concurrency?: number;
}

/**
 * Commits each copy's state as a new user, once per event its template's seen set held: the state is
 * encrypted under the copy's own key (as in production), and its seen set gets as many members, from
 * the store's commit script itself. Returns the copies' keys.
 */
export async function commitCopies(options: CopyOptions): Promise<UserKey[]> {
  const keys: UserKey[] = [];
  const copy = async (index: number): Promise<void> => {
    const template = options.templates[index % options.templates.length];
    if (template === undefined) throw new Error('no templates to copy');
    const chat = String(options.firstId + index);
    const key = options.keyer('telegram', chat);
    keys[index] = key;
    // The copy's own chat as where prompts go, so the stored address is its own (and as long).
    const state: SessionState = {
      ...template.state,
      schedule: { ...template.state.schedule, reach: { platform: 'telegram', address: chat } },
    };
    // The first commit appends the history lists to the copy's history; later ones must not append them again.
    const hot = withoutHistory(state);
    for (let rev = 0; rev < Math.max(1, template.seenEvents); rev += 1) {
      const result = await options.store.commit(key, rev === 0 ? state : hot, rev, `tg:copy:${chat}:${rev}`);
      if (result !== 'ok') throw new Error(`copy ${index}: commit at rev ${rev} answered '${result}'`);
    }
  };
  await pool(options.count, options.concurrency ?? 64, copy);
  return keys;
}

/** What one user's keys take in Redis (`MEMORY USAGE ... SAMPLES 0`), in bytes. */
export interface UserBytes {
  state: number;
  seen: number;
  /** The history hash (journal entries, past assessments); 0 when the user has none. */
  history: number;
}

/** `MEMORY USAGE` of every user's state hash, seen set and history hash, pipelined in batches. */
export async function userBytes(redis: Redis, users: readonly UserKey[]): Promise<UserBytes[]> {
  const out: UserBytes[] = [];
  const BATCH = 500;
  for (let start = 0; start < users.length; start += BATCH) {
    const pipeline = redis.pipeline();
    const batch = users.slice(start, start + BATCH);
    for (const user of batch) {
      pipeline.call('MEMORY', 'USAGE', `${userKeyPrefix(user)}:state`, 'SAMPLES', '0');
      pipeline.call('MEMORY', 'USAGE', `${userKeyPrefix(user)}:seen`, 'SAMPLES', '0');
      pipeline.call('MEMORY', 'USAGE', `${userKeyPrefix(user)}:history`, 'SAMPLES', '0');
    }
    const replies = (await pipeline.exec()) ?? [];
    for (let i = 0; i < batch.length; i += 1) {
      const [state, seen, history] = [0, 1, 2].map((k) => bytesOf(replies[3 * i + k]));
      out.push({ state: state ?? 0, seen: seen ?? 0, history: history ?? 0 });
    }
  }
  return out;
}

/** `used_memory` from `INFO memory`, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/** The stored blobs of a user's state hash (`data` and each list field, encrypted bytes), and the encodings Redis chose. */
export async function storedShape(
  redis: Redis,
  user: UserKey,
): Promise<{ blobBytes: number; fields: number; stateEncoding: string; seenEncoding: string; seenMembers: number }> {
  const prefix = userKeyPrefix(user);
  const { rev: _rev, ...blobs } = await redis.hgetallBuffer(`${prefix}:state`);
  const stateEncoding = String(await redis.call('OBJECT', 'ENCODING', `${prefix}:state`));
  const seenEncoding = String(await redis.call('OBJECT', 'ENCODING', `${prefix}:seen`));
  return {
    blobBytes: Object.values(blobs).reduce((sum, blob) => sum + blob.length, 0),
    fields: Object.keys(blobs).length,
    stateEncoding,
    seenEncoding,
    seenMembers: await redis.zcard(`${prefix}:seen`),
  };
}

function bytesOf(reply: [Error | null, unknown] | undefined): number {
  if (reply === undefined || reply[0] !== null) throw new Error(`MEMORY USAGE failed: ${String(reply?.[0])}`);
  return Number(reply[1] ?? 0); // nil: the key does not exist
}

// Runs `task(0..count-1)` with at most `limit` in flight: enough to keep Redis busy without a 10k-promise burst.
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

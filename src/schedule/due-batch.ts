import type { Advanced } from '../engine/advance.js';
import type { SessionState } from '../core/state.js';
import type { BatchLoaded, BatchStore, BatchWrite } from '../session/redis-batch.js';
import type { UserKey } from '../session/store.js';
import type { Engine } from '../engine/engine-options.js';

// Due turns for many users in three round trips: one pipelined load, the pure engine step for each user,
// one script call committing every user compare-and-set on its own. A user the batch cannot finish (their
// state moved since the load, it was stored in an older layout, the answer of the commit was lost and it
// did not go through) runs the engine's own due turn alone; a user whose load or commit failed is reported
// failed, so the claim loop retries them later like any failed member.

/**
 * What one user's due turn ended with: the state afterwards, or an error. `fresh` when the batch committed
 * that state just now, so its `schedule.planned` is the next due time as of now.
 */
export type DueResult = { state: SessionState; fresh: boolean } | { error: unknown };

/** The engine side a batch needs: the pure due step, and the whole due turn for a user left over. */
export type BatchEngine = Pick<Engine, 'runDue' | 'dueStep' | 'dueCommitted'>;

/** What a batch of due turns runs on. */
export interface DueBatchDeps {
  engine: BatchEngine;
  store: BatchStore;
}

interface Pending {
  index: number;
  write: BatchWrite;
  next: Advanced;
}

/** Runs the due turns of `users` (one result per user, in order); never throws. */
export async function runDueBatch(deps: DueBatchDeps, users: readonly UserKey[]): Promise<DueResult[]> {
  const results: (DueResult | undefined)[] = new Array<DueResult | undefined>(users.length);
  const alone: number[] = [];
  let loaded: BatchLoaded[];
  try {
    loaded = await deps.store.loadMany(users);
  } catch (error) {
    return users.map(() => ({ error }));
  }
  const pending: Pending[] = [];
  users.forEach((user, index) => {
    const found = loaded[index] ?? { status: 'failed', error: new Error('the batch load gave no answer') };
    if (found.status === 'failed') results[index] = { error: found.error };
    else if (found.status === 'single') alone.push(index);
    else {
      const next = deps.engine.dueStep(user, found.state);
      if (next === undefined) results[index] = { state: found.state, fresh: false };
      else pending.push({ index, next, write: toWrite(user, found, next) });
    }
  });
  await commitAll(deps, pending, results, alone);
  await Promise.all(alone.map(async (index) => (results[index] = await runAlone(deps, users[index] as UserKey))));
  return results.map((result) => result ?? { error: new Error('the batch left this user without a result') });
}

async function commitAll(
  deps: DueBatchDeps,
  pending: readonly Pending[],
  results: (DueResult | undefined)[],
  alone: number[],
): Promise<void> {
  let committed;
  try {
    committed = await deps.store.commitMany(pending.map((p) => p.write));
  } catch (error) {
    for (const p of pending) results[p.index] = { error };
    return;
  }
  pending.forEach((p, i) => {
    const done = committed[i] ?? { status: 'failed', error: new Error('the batch commit gave no answer') };
    if (done.status === 'ok') {
      deps.engine.dueCommitted(p.next);
      results[p.index] = { state: p.next.state, fresh: true };
    } else if (done.status === 'failed') results[p.index] = { error: done.error };
    // A conflict (the state moved) or a duplicate (applied, then moved on): the engine's own turn takes it from here.
    else alone.push(p.index);
  });
}

async function runAlone(deps: DueBatchDeps, user: UserKey): Promise<DueResult> {
  try {
    return { state: await deps.engine.runDue(user), fresh: false };
  } catch (error) {
    return { error };
  }
}

function toWrite(user: UserKey, found: Extract<BatchLoaded, { status: 'loaded' }>, next: Advanced): BatchWrite {
  return {
    user,
    state: next.state,
    rev: found.rev,
    eventId: `due:${globalThis.crypto.randomUUID()}`,
    ...(found.known ? { known: found.known } : {}),
  };
}

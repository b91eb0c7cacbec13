/** Runs tasks one at a time per key, in arrival order, with a bound on how many may wait per key. */
export interface UserQueue {
  /** Queues `task` behind the key's earlier tasks; `undefined` when the key already has `maxPending` waiting. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined;
  /** Keys with work queued right now. */
  readonly size: number;
}

interface Lane {
  tail: Promise<unknown>;
  pending: number;
}

/** Creates a per-key serial queue; lanes are dropped as soon as they empty, so memory follows active users only. */
export function createUserQueue(maxPending: number): UserQueue {
  const lanes = new Map<string, Lane>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
      const lane = lanes.get(key) ?? { tail: Promise.resolve(), pending: 0 };
      if (lane.pending >= maxPending) return undefined;
      lane.pending += 1;
      // Each task starts after the previous one settles, whether it succeeded or failed.
      const result = lane.tail.then(task, task);
      lane.tail = result.then(settle, settle);
      lanes.set(key, lane);
      function settle(): void {
        lane.pending -= 1;
        if (lane.pending === 0 && lanes.get(key) === lane) lanes.delete(key);
      }
      return result;
    },
    get size(): number {
      return lanes.size;
    },
  };
}

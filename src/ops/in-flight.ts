/** Work in progress that a graceful stop waits for: an adapter's updates, the engine's turns. */
export interface InFlight {
  /**
   * Runs `work` and counts it under `label` until it settles; its result or rejection comes back unchanged.
   * The label says where the work came from (a platform tag), for a shutdown that runs out of time.
   */
  track<T>(work: () => Promise<T>, label?: string): Promise<T>;
  /** Resolves once nothing is in progress, including work that started while waiting. */
  idle(): Promise<void>;
  /** Work in progress by label; labels with none are left out. */
  counts(): Record<string, number>;
}

// Work tracked without a label is still waited for, and counted under this one.
const UNLABELLED = 'other';

/** Creates an empty in-flight tracker. */
export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  const counts = new Map<string, number>();
  const add = (label: string, delta: number): void => {
    const next = (counts.get(label) ?? 0) + delta;
    if (next === 0) counts.delete(label);
    else counts.set(label, next);
  };
  return {
    async track<T>(work: () => Promise<T>, label = UNLABELLED): Promise<T> {
      const promise = work();
      running.add(promise);
      add(label, 1);
      try {
        return await promise;
      } finally {
        running.delete(promise);
        add(label, -1);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    counts: () => Object.fromEntries(counts),
  };
}

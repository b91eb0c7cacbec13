/** Keeps count of an adapter's work in progress so a graceful stop can wait for it. */
export interface InFlight {
  /** Runs `work` and remembers it until it settles. */
  run(work: () => Promise<void>): Promise<void>;
  /** Resolves once nothing is in progress, including work that started while waiting. */
  idle(): Promise<void>;
}

/** Creates an in-flight tracker. */
export function createInFlight(): InFlight {
  const running = new Set<Promise<void>>();
  return {
    async run(work) {
      const promise = work();
      running.add(promise);
      try {
        await promise;
      } finally {
        running.delete(promise);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

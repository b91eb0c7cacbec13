import { GCProfiler } from 'node:v8';

/** Garbage collections during a measured stretch: how many, of which kind, and how long they took. */
export interface GcSummary {
  count: number;
  /** Young-generation collections (short, frequent). */
  scavenges: number;
  /** Every other kind (mark-compact and incremental marking steps): the long pauses. */
  other: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Runs `measure` and counts the collections V8 made meanwhile. Allocation shows at the tail of per-call
 * latency, so the count says how much of a p99 is the collector's. Read synchronously (no event loop needed).
 */
export function countingGc<T>(measure: () => T): { result: T; gc: GcSummary } {
  const profiler = new GCProfiler();
  profiler.start();
  const result = measure();
  const stats = profiler.stop()?.statistics ?? [];
  // V8 reports each collection's cost in microseconds.
  const costs = stats.map((s) => s.cost / 1000);
  const scavenges = stats.filter((s) => s.gcType === 'Scavenge').length;
  return {
    result,
    gc: {
      count: stats.length,
      scavenges,
      other: stats.length - scavenges,
      totalMs: Math.round(costs.reduce((sum, ms) => sum + ms, 0) * 1000) / 1000,
      maxMs: Math.round(Math.max(0, ...costs) * 1000) / 1000,
    },
  };
}

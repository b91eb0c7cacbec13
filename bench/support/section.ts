import type { RedisServerHandle } from '../../test/support/redis-server.js';

/** What every benchmark section receives from the runner. */
export interface BenchContext {
  /** A fresh redis-server (AOF, fsync once a second, like production) started for this section alone. */
  redis: RedisServerHandle;
  /** Progress lines go to stderr, so stdout stays one JSON document. */
  log(message: string): void;
  /** `--quick`: smaller sizes for a smoke run; the figures are then not the ones to quote. */
  quick: boolean;
}

/** A goal from the issue, and whether this run met it. */
export interface Goal {
  /** The goal in words, e.g. "throughput >= 0.5x the bare loop". */
  text: string;
  /** The measured value the goal is about. */
  value: number;
  met: boolean;
}

/** One benchmark section: measures and returns plain JSON data (numbers rounded for reading). */
export interface Section {
  /** Key in the JSON document, e.g. `fullTurn`. */
  name: string;
  /** One line for the markdown page. */
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

/** A section's figures, its goals, and table rows for docs/benchmarks.md. */
export interface SectionResult {
  figures: Record<string, unknown>;
  goals: Goal[];
  /** Rows of [label, value] pairs (or wider rows with a header) shown in the markdown table. */
  table: { header: string[]; rows: (string | number)[][] };
  /** What the figures mean, caveats, and why a missed goal was missed (markdown, short). */
  notes?: string;
}

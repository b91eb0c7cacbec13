import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the app counts, as plain calls; nothing here can carry message text or a user id, because every
 * label value is checked against a short slug pattern (anything else is counted as `other`).
 */
export interface Metrics {
  /** One interactive turn ended with `outcome` (the TurnOutcome status) after `seconds`. */
  turn(platform: string, outcome: string, seconds: number): void;
  /** A Redis call of the store or due index failed (`operation` such as `commit`), or the connection did (`connection`). */
  redisError(operation: string): void;
  /** The safety layer judged a message at `tier` (imminent, serious, distress); counts only. */
  safety(tier: string): void;
  /** A due user was processed `seconds` after their due time. */
  schedulerLag(seconds: number): void;
  /** A journey `entered`, `answered` or `left` step `step` of flow `flow` (ids from the flow files). */
  flowStep(flow: string, step: string, outcome: string): void;
  /** A scheduled send to `platform` failed for `reason` (unreachable, rate_limited, error...). */
  sendFailure(platform: string, reason: string): void;
  /** Reads the due index size on each scrape; a later call replaces the reader. */
  dueSetSize(read: () => Promise<number>): void;
  /** A message was turned away by a rate limit (`scope`: `user` or `global`). */
  limited(platform: string, scope: string): void;
}

/** Metrics that can also be scraped: the Prometheus text exposition of one app's registry. */
export interface ScrapableMetrics extends Metrics {
  /** The Content-Type header of {@link ScrapableMetrics.render}'s output. */
  readonly contentType: string;
  /** Every series of this app, in the Prometheus text format. */
  render(): Promise<string>;
}

// Platform tags, outcomes, tiers, reasons and operations are all short slugs; a user's words or a raw id
// passed here by mistake must not become a series (nor a cardinality explosion), so they collapse to `other`.
const LABEL_VALUE = /^[a-z][a-z0-9_.-]{0,31}$/;

// Flow and step ids are lower-case slugs by the flow schema; longer ones than any flow has are still refused.
const ID_VALUE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The label value to record for `value`: itself when it is a short lower-case slug, else `other`. */
export function safeLabel(value: string): string {
  return LABEL_VALUE.test(value) ? value : 'other';
}

function idLabel(value: string): string {
  return ID_VALUE.test(value) ? value : 'other';
}

// 1 ms to 5 s: a turn is two Redis round trips plus a platform send or two.
const TURN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// A due user is claimed within the idle interval (1 s) when all is well; minutes mean a backlog or an outage.
const LAG_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

/** Builds metrics on a registry of their own (never prom-client's global one), with Node's default metrics. */
export function createMetrics(): ScrapableMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const series = defineSeries(register);
  return {
    turn(platform, outcome, seconds) {
      series.turns.inc({ platform: safeLabel(platform), outcome: safeLabel(outcome) });
      series.turnSeconds.observe({ platform: safeLabel(platform) }, seconds);
    },
    redisError: (operation) => series.redisErrors.inc({ operation: safeLabel(operation) }),
    safety: (tier) => series.safety.inc({ tier: safeLabel(tier) }),
    flowStep: (flow, step, outcome) =>
      series.flowSteps.inc({ flow: idLabel(flow), step: idLabel(step), outcome: safeLabel(outcome) }),
    schedulerLag: (seconds) => series.lag.observe(Math.max(0, seconds)),
    sendFailure: (platform, reason) =>
      series.sendFailures.inc({ platform: safeLabel(platform), reason: safeLabel(reason) }),
    dueSetSize: (read) => series.dueSize.readWith(read),
    limited: (platform, scope) => series.limited.inc({ platform: safeLabel(platform), scope: safeLabel(scope) }),
    contentType: register.contentType,
    render: () => register.metrics(),
  };
}

// The names and labels are part of the docs and of operators' dashboards: change them only with both.
function defineSeries(register: Registry) {
  const registers = [register];
  return {
    turns: new Counter({
      name: 'steady_turns_total',
      help: 'Interactive turns by platform and outcome.',
      labelNames: ['platform', 'outcome'],
      registers,
    }),
    turnSeconds: new Histogram({
      name: 'steady_turn_duration_seconds',
      help: 'Time from an event reaching the engine to its outcome.',
      labelNames: ['platform'],
      buckets: TURN_BUCKETS,
      registers,
    }),
    redisErrors: new Counter({
      name: 'steady_redis_errors_total',
      help: 'Failed Redis calls of the store and due index, and connection errors.',
      labelNames: ['operation'],
      registers,
    }),
    safety: new Counter({
      name: 'steady_safety_events_total',
      help: 'Messages the safety layer judged at a tier.',
      labelNames: ['tier'],
      registers,
    }),
    flowSteps: new Counter({
      name: 'steady_flow_step_total',
      help: 'Flow steps entered, answered and left, by flow and step id (from the flow files).',
      labelNames: ['flow', 'step', 'outcome'],
      registers,
    }),
    lag: new Histogram({
      name: 'steady_scheduler_lag_seconds',
      help: 'How late due users were processed after their due time.',
      buckets: LAG_BUCKETS,
      registers,
    }),
    sendFailures: new Counter({
      name: 'steady_send_failures_total',
      help: 'Scheduled sends that failed, by platform and reason.',
      labelNames: ['platform', 'reason'],
      registers,
    }),
    dueSize: dueSizeGauge(registers),
    limited: new Counter({
      name: 'steady_limited_total',
      help: 'Messages turned away by the per-user or global rate limit.',
      labelNames: ['platform', 'scope'],
      registers,
    }),
  };
}

// Read on scrape, so an idle process still reports it; ZCARD on Redis is O(1).
function dueSizeGauge(registers: Registry[]): { readWith(read: () => Promise<number>): void } {
  let read: (() => Promise<number>) | undefined;
  let last = 0;
  new Gauge({
    name: 'steady_due_set_size',
    help: 'Users in the due index (scheduled prompts and follow-ups).',
    registers,
    async collect() {
      // A failed read keeps the last value: the scrape must still answer while Redis is down.
      if (read) last = await read().catch(() => last);
      this.set(last);
    },
  });
  return { readWith: (next) => void (read = next) };
}

/** Metrics that record nothing: the terminal mode and tests that do not look at them. */
export const noMetrics: Metrics = {
  turn: () => undefined,
  redisError: () => undefined,
  safety: () => undefined,
  flowStep: () => undefined,
  schedulerLag: () => undefined,
  sendFailure: () => undefined,
  dueSetSize: () => undefined,
  limited: () => undefined,
};

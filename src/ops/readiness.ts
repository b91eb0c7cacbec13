/** Whether this process should be sent traffic: started, not stopping, and its Redis answering. */
export interface Readiness {
  /** The adapters have started; until then the process is not ready. */
  markStarted(): void;
  /** Shutdown began: not ready from now on, whatever Redis says. */
  markStopping(): void;
  /** True when started, not stopping, and the dependency probe (if any) answers in time. */
  check(): Promise<boolean>;
}

/** The few members of an ioredis client (single node or Cluster) the probe needs. */
export interface PingableRedis {
  readonly status: string;
  ping(): Promise<string>;
}

/** How long a readiness PING may take; a hung Redis must not hang the probe for the client's whole command timeout. */
export const READINESS_PING_TIMEOUT_MS = 500;

/** Creates readiness over an optional dependency probe (none: the in-memory store, which is always reachable). */
export function createReadiness(probe?: () => Promise<boolean>): Readiness {
  let started = false;
  let stopping = false;
  return {
    markStarted: () => void (started = true),
    markStopping: () => void (stopping = true),
    async check() {
      if (!started || stopping) return false;
      return probe === undefined ? true : probe();
    },
  };
}

/** A probe that is true when `redis` is connected and answers PING within `timeoutMs`. */
export function redisProbe(redis: PingableRedis, timeoutMs = READINESS_PING_TIMEOUT_MS): () => Promise<boolean> {
  return async () => {
    // Without an offline queue a PING would fail at once anyway; the status check spares the round trip.
    if (redis.status !== 'ready') return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    // The PING may still settle after the timeout; its rejection is swallowed here rather than left unhandled.
    const answered = redis.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** One step of a graceful shutdown; `name` is what the log says when the deadline passes during it. */
export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
  /** What the step is still waiting for (e.g. the adapters that have not stopped), for that log line. */
  waitingFor?(): string[];
}

/** How a shutdown ended: every step done, some step failed (later steps still ran), or the deadline passed. */
export type ShutdownResult =
  | { status: 'done' }
  | { status: 'failed'; step: string; error: unknown }
  | { status: 'timedOut'; step: string; waitingFor: string[] };

/**
 * Runs `steps` one after another and settles by `deadlineMs` at the latest. A failed step does not stop
 * the ones after it: connections are still closed. A step still running at the deadline is left behind.
 */
export async function runShutdown(steps: readonly ShutdownStep[], deadlineMs: number): Promise<ShutdownResult> {
  let current: ShutdownStep | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<ShutdownResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'timedOut', step: current?.name ?? 'none', waitingFor: current?.waitingFor?.() ?? [] }),
      deadlineMs,
    );
  });
  const all = (async (): Promise<ShutdownResult> => {
    let failure: ShutdownResult | undefined;
    for (const step of steps) {
      current = step;
      try {
        await step.run();
      } catch (error) {
        failure ??= { status: 'failed', step: step.name, error };
      }
    }
    return failure ?? { status: 'done' };
  })();
  try {
    return await Promise.race([all, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A step that runs named tasks side by side and can tell which of them have not finished. */
export function parallelStep(name: string, tasks: Readonly<Record<string, () => Promise<void>>>): ShutdownStep {
  const pending = new Set(Object.keys(tasks));
  return {
    name,
    async run() {
      const runs = Object.entries(tasks).map(async ([task, run]) => {
        await run();
        pending.delete(task);
      });
      // allSettled first, so one failing task does not end the step while the others still run.
      const failed = (await Promise.allSettled(runs)).find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
    waitingFor: () => [...pending],
  };
}

// A child process running one real due worker on its own connection, so two workers use two cores.
// It drains what is due at the given time with the worker's own tick (batch 200, 16 completions at a time)
// and a process() that does no due turn: it records the member and reschedules it a day later, as the
// real scheduler returns the next due time after a turn. Protocol: argv[2] is the JSON of ChildParams;
// it sends 'ready', waits for any message, drains, sends a ChildReport and exits.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRedisDueIndex } from '../../src/schedule/redis-due-index.js';
import { createDueWorker } from '../../src/schedule/worker.js';
import { connectRedis, waitForRedis } from '../../src/session/redis-store.js';

/** What the parent tells a child. */
export interface ChildParams {
  url: string;
  prefix: string;
  /** The worker's clock: members due at or before this are claimed. */
  now: number;
  /** The next due time every handled member is completed with. */
  nextAt: number;
}

/** What a child reports when its worker found nothing more due. */
export interface ChildReport {
  type: 'done';
  members: string[];
  ticks: number;
  elapsedMs: number;
  /** CPU time this process used while draining (user + system). */
  cpuMs: number;
  /** Worker warnings, e.g. a lease that ran out before completion; 0 when all went well. */
  warnings: number;
}

async function main(): Promise<void> {
  const params = JSON.parse(process.argv[2] ?? '{}') as ChildParams;
  const redis = connectRedis(params.url, { commandTimeoutMs: 60_000 });
  await waitForRedis(redis, 10_000);
  let warnings = 0;
  const sink = new Writable({
    write(_chunk, _encoding, done) {
      warnings += 1;
      done();
    },
  });
  const claimed: string[] = [];
  const worker = createDueWorker({
    index: createRedisDueIndex({ redis, prefix: params.prefix }),
    clock: { now: () => params.now },
    logger: pino({ level: 'warn' }, sink),
    process: async (member) => {
      claimed.push(member);
      return params.nextAt;
    },
  });
  // Started only on the parent's word, so both workers of a pair begin together.
  await new Promise((resolve, reject) => {
    process.once('message', resolve);
    send({ type: 'ready' }).catch(reject);
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let ticks = 0;
  // What the worker's loop does while batches come back full: the next round at once, no sleep.
  while ((await worker.tick()) > 0) ticks += 1;
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const report: ChildReport = {
    type: 'done',
    members: claimed,
    ticks,
    elapsedMs,
    cpuMs: (used.user + used.system) / 1000,
    warnings,
  };
  await send(report);
  await redis.quit();
  process.disconnect();
}

// Resolves once the message is handed to the channel: disconnecting earlier could drop a large report.
function send(message: unknown): Promise<void> {
  const channel = process.send?.bind(process);
  if (!channel)
    throw new Error('bench/scheduler/worker-child.ts must be started with an IPC channel (child_process.fork).');
  return new Promise((resolve, reject) => {
    channel(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`scheduler bench worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

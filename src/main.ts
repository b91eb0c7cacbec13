import { createConsoleAdapter } from '../adapters/console/index.js';
import { createHttpServer } from '../adapters/http/server.js';
import { platformAdapters } from '../adapters/index.js';
import type { AdapterDeps } from '../adapters/shared/deps.js';
import { loadContent } from './app/content.js';
import { actionRegistry } from './coach/index.js';
import { summarize } from './coach/summary.js';
import { isTerminalMode, loadConfig } from './core/config.js';
import type { Config } from './core/config.js';
import type { Catalogs } from './core/catalog.js';
import { createEngine, type Engine } from './engine/engine.js';
import { systemClock, type Adapter, type TurnHandler } from './core/types.js';
import { SteadyError } from './core/errors.js';
import { createLogger } from './ops/logger.js';
import type { Logger } from './ops/logger.js';
import { createMetrics, type ScrapableMetrics } from './ops/metrics.js';
import { createReadiness, redisProbe, type Readiness } from './ops/readiness.js';
import {
  parallelStep,
  runShutdown,
  trackTurns,
  type ShutdownResult,
  type ShutdownStep,
  type TrackedTurns,
} from './ops/shutdown.js';
import { createSchedulerFromConfig } from './app/scheduler.js';
import type { Scheduler } from './schedule/scheduler.js';
import { createStoreFromConfig, type StoreSetup } from './app/store.js';
import { createUserKeyer } from './session/user-key.js';

// Composition root: the only module in src/ that may import an adapter.

/** What a mode started: `stop` has, per platform, what stops taking events and waits for those taken; `close` releases the rest. */
interface Running {
  stop: Record<string, () => Promise<void>>;
  close?(): Promise<void>;
  /** Settles when the mode ends by itself (the terminal's input closed). */
  closed?: Promise<void>;
}

/** The adapters of a mode, and how to start them once the engine exists. */
interface Mode {
  adapters: Adapter[];
  start(handle: TurnHandler): Promise<Running>;
}

/** Everything shutdown has to put away, in the order it is put away. */
interface App {
  running: Running;
  scheduler: Scheduler;
  engine: Engine;
  setup: StoreSetup;
  turns: TrackedTurns;
}

async function main(): Promise<void> {
  // Listened for from the first moment: a SIGTERM during start-up would otherwise kill the process
  // outright; now it waits for start-up to finish and then shuts down in order.
  const stopAsked = stopSignal();
  const config = loadConfig();
  const logger = createLogger(config);
  const registry = await loadContent(config.FLOWS_DIR);
  const terminal = isTerminalMode(config);
  // The terminal has no HTTP server to scrape, so it counts nothing.
  const metrics = terminal ? undefined : createMetrics();
  const setup = await createStoreFromConfig(config, systemClock, logger, metrics);
  // Its own listener: the one that logs belongs to the connection code, and counting is not its concern.
  if (metrics) setup.redis?.client.on('error', () => metrics.redisError('connection'));
  const readiness = createReadiness(setup.redis ? redisProbe(setup.redis.client) : undefined);
  // Adapters exist before the engine (the scheduler sends through them); they reach the engine only once started.
  const built: { engine?: Engine } = {};
  const summary: AdapterDeps['summary'] = async (platform, userId) =>
    summarize(await started(built.engine).peek(platform, userId), systemClock.now());
  const mode =
    metrics === undefined
      ? terminalMode(logger, registry.catalogs)
      : await platformMode(config, logger, { summary, registry }, { metrics, readiness });
  const scheduler = createSchedulerFromConfig(setup, mode.adapters, systemClock, logger, metrics);
  const engine = createEngine({
    registry,
    actions: actionRegistry,
    store: setup.store,
    clock: systemClock,
    userKey: createUserKeyer(setup.secret),
    logger,
    country: config.STEADY_COUNTRY,
    schedule: scheduler.hooks,
    ...(metrics ? { metrics } : {}),
  });
  built.engine = engine;
  await scheduler.start(engine, { claim: config.SCHEDULER_WORKER === 'on' });
  const turns = trackTurns((event) => engine.handle(event));
  const running = await mode.start(turns.handle);
  readiness.markStarted();
  handleStopSignals(
    { running, scheduler, engine, setup, turns },
    stopAsked,
    readiness,
    config.SHUTDOWN_DEADLINE_SECONDS * 1000,
    logger,
  );
}

// === Shutdown

/** Resolves with the name of the first SIGINT or SIGTERM; later ones are ignored, since shutdown runs once. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.on('SIGINT', () => resolve('SIGINT'));
    process.on('SIGTERM', () => resolve('SIGTERM'));
  });
}

function handleStopSignals(
  app: App,
  stopAsked: Promise<string>,
  readiness: Readiness,
  deadlineMs: number,
  logger: Logger,
): void {
  let began = false;
  const begin = (reason: string): void => {
    // Asked twice (Ctrl-C while input is closing, a second SIGTERM): the steps must run once.
    if (began) return;
    began = true;
    // First of all, so load balancers stop sending while what was taken is finished.
    readiness.markStopping();
    logger.info({ reason, deadlineMs }, 'shutting down');
    void runShutdown(shutdownSteps(app), deadlineMs).then((result) => exitAfter(result, app, logger));
  };
  void stopAsked.then(begin);
  app.running.closed?.then(
    () => begin('input closed'),
    () => begin('input failed'),
  );
}

// Intake stops first (adapters finish the turns they took, the claim loop its batch); the send queue and Redis
// stay up until every turn is done, since a turn still running may queue or cancel a delivery and commits to
// Redis; the HTTP server goes last but one, so /readyz answers 503 (not "connection refused") throughout.
function shutdownSteps(app: App): ShutdownStep[] {
  return [
    parallelStep('intake', { ...app.running.stop, scheduler: () => app.scheduler.stopClaiming() }),
    { name: 'turns', run: () => app.engine.drain() },
    { name: 'sends', run: () => app.scheduler.stop() },
    { name: 'http', run: async () => app.running.close?.() },
    { name: 'store', run: () => app.setup.store.close() },
  ];
}

function exitAfter(result: ShutdownResult, app: App, logger: Logger): void {
  switch (result.status) {
    case 'done':
      logger.info('steady stopped');
      return process.exit(0);
    case 'failed':
      logger.error({ err: result.error, step: result.step }, 'shutdown failed');
      return process.exit(1);
    case 'timedOut':
      logger.error(
        { step: result.step, waitingFor: result.waitingFor, turns: app.turns.inFlight() },
        'shutdown deadline passed; exiting with work in flight',
      );
      return process.exit(1);
  }
}

// === Modes

function terminalMode(logger: Logger, catalogs: Catalogs): Mode {
  const adapter = createConsoleAdapter({
    catalogs,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    onError: (error) => logger.error({ err: error }, 'a turn threw instead of returning an outcome'),
  });
  return {
    adapters: [adapter],
    async start(handle) {
      await adapter.start(handle);
      logger.info('steady is running in the terminal');
      const closed = adapter.closed.catch((error: unknown) =>
        logger.error({ err: error }, 'the console adapter failed'),
      );
      return { stop: stoppers([adapter]), closed };
    },
  };
}

async function platformMode(
  config: Config,
  logger: Logger,
  shared: Pick<AdapterDeps, 'summary' | 'registry'>,
  ops: { metrics: ScrapableMetrics; readiness: Readiness },
): Promise<Mode> {
  const http = createHttpServer(logger, { ready: () => ops.readiness.check(), metrics: ops.metrics });
  const adapters = await platformAdapters({ config, logger, clock: systemClock, http: http.routes, ...shared });
  return {
    adapters,
    async start(handle) {
      // Listening before the adapters start (a webhook must be reachable when it is registered); /readyz says 503 until then.
      const port = await http.listen(config.PORT, config.HOST);
      for (const adapter of adapters) await adapter.start(handle);
      logger.info({ platforms: adapters.map((a) => a.platform), port }, 'steady is running');
      return { stop: stoppers(adapters), close: () => http.close() };
    },
  };
}

function stoppers(adapters: readonly Adapter[]): Record<string, () => Promise<void>> {
  return Object.fromEntries(adapters.map((adapter) => [adapter.platform, () => adapter.stop()]));
}

function started(engine: Engine | undefined): Engine {
  if (engine === undefined) throw new Error('The engine is not built yet; adapters reach it only after start.');
  return engine;
}

main().catch((error: unknown) => {
  // Startup errors we raise on purpose carry an actionable message; a stack would only bury it.
  if (error instanceof SteadyError) process.stderr.write(`Steady could not start: ${error.message}\n`);
  else
    process.stderr.write(
      `Steady could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});

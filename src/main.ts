import { createConsoleAdapter } from '../adapters/console/index.js';
import { createHttpServer } from '../adapters/http/server.js';
import { platformAdapters } from '../adapters/index.js';
import type { AdapterDeps } from '../adapters/shared/deps.js';
import { checkCountry, loadContent, type Content } from './app/content.js';
import { summarize } from './coach/summary.js';
import { isTerminalMode, loadConfig, unknownVariables } from './core/config.js';
import type { Config } from './core/config.js';
import type { Catalogs } from './core/catalog.js';
import { createEngine, type Engine } from './engine/engine.js';
import { systemClock, type Adapter, type TurnHandler } from './core/types.js';
import { SteadyError } from './core/errors.js';
import { createLogger } from './ops/logger.js';
import type { Logger } from './ops/logger.js';
import { createMetrics, type ScrapableMetrics } from './ops/metrics.js';
import { createReadiness, redisProbe, type Readiness } from './ops/readiness.js';
import { parallelStep, runShutdown, type ShutdownResult, type ShutdownStep } from './ops/shutdown.js';
import { connectWithRetry, StartAborted } from './ops/startup.js';
import { createScheduleFromConfig } from './app/scheduler.js';
import type { Scheduler } from './schedule/scheduler.js';
import { createStoreFromConfig, type StoreSetup } from './app/store.js';
import { limitTurns } from './app/limits.js';
import { createMemoryRelief, fullCollector } from './ops/memory-relief.js';
import { createUserKeyer } from './session/user-key.js';
import { createLinksFromConfig } from './app/links.js';
import { createSecretStore } from './app/secret-store.js';
import { dailyReflection } from './app/reflection.js';

// Composition root: the only module in src/ that may import an adapter.

/** What a mode started: `stop` has, per platform, what stops taking events and waits for those taken; `close` releases the rest. */
interface Running {
  stop: Record<string, () => Promise<void>>;
  close?(): Promise<void>;
  /** Settles when the mode ends by itself (the terminal's input closed). */
  closed?: Promise<void>;
}

/** The adapters of a mode, made before the engine (the sender sends through them), and how to start them with it. */
interface Mode {
  adapters: Adapter[];
  /** `signal` aborts when a stop signal arrives during start-up: it then stops what it started and throws. */
  start(handle: TurnHandler, signal: AbortSignal): Promise<Running>;
}

/** Everything shutdown has to put away, in the order it is put away. */
interface App {
  running: Running;
  scheduler: Scheduler;
  engine: Engine;
  setup: StoreSetup;
}

async function main(): Promise<void> {
  // Listened for from the first moment: a SIGTERM during start-up would otherwise kill the process
  // outright; now it waits for start-up to finish and then shuts down in order.
  const stopAsked = stopSignal();
  // A stop signal during start-up ends it at once (a platform that cannot be reached would otherwise hold it).
  const startup = new AbortController();
  void stopAsked.then(() => startup.abort());
  const config = loadConfig();
  const logger = createLogger(config);
  for (const variable of unknownVariables()) logger.warn({ variable }, 'unknown variable ignored; is it misspelt?');
  const content = await loadContent(config.FLOWS_DIR);
  checkCountry(content.safety, config.STEADY_COUNTRY);
  // The terminal has no HTTP server to scrape, so it counts nothing.
  const metrics = isTerminalMode(config) ? undefined : createMetrics();
  const setup = await createStoreFromConfig(config, systemClock, logger, metrics);
  // Its own listener: the one that logs belongs to the connection code, and counting is not its concern.
  if (metrics) setup.redis?.client.on('error', () => metrics.redisError('connection'));
  const readiness = createReadiness(setup.redis ? redisProbe(setup.redis.client) : undefined);
  const app = await assemble({ config, logger, content, setup, readiness, metrics }, startup.signal).catch(
    async (error: unknown) => {
      if (!(error instanceof StartAborted)) throw error;
      await setup.store.close();
      logger.info('stopped during start-up; nothing had been taken');
      process.exit(0);
    },
  );
  readiness.markStarted();
  handleStopSignals(app, stopAsked, readiness, config.SHUTDOWN_DEADLINE_SECONDS * 1000, logger);
}

/** What the parts are assembled from: the config, the content of the flows directory, the ops tools and the store. */
interface Base {
  config: Config;
  logger: Logger;
  content: Content;
  setup: StoreSetup;
  readiness: Readiness;
  metrics: ScrapableMetrics | undefined;
}

// Each part is made with what it needs, in this order: the store (given), the adapters (their send side; a
// status view reads only the store), the schedule's hooks over its due index and a sender through those
// adapters, the engine with the hooks, then the scheduler over the engine. Receiving starts last, with the engine.
async function assemble(
  { config, logger, content, setup, readiness, metrics }: Base,
  signal: AbortSignal,
): Promise<App> {
  const { registry, actions, safety } = content;
  const userKey = createUserKeyer(setup.secret);
  const links = createLinksFromConfig(setup, config, systemClock, userKey);
  const summary: AdapterDeps['summary'] = async (platform, userId) =>
    summarize((await setup.store.load(await links.resolve(platform, userId))).state, systemClock.now());
  const mode =
    metrics === undefined
      ? terminalMode(logger, registry.catalogs)
      : await platformMode(
          config,
          logger,
          {
            summary,
            registry,
            secrets: createSecretStore(setup),
            screen: screenFor(safety, config),
            dailyReflection: dailyReflection(registry),
          },
          { metrics, readiness },
        );
  const schedule = createScheduleFromConfig(setup, mode.adapters, systemClock, logger, metrics);
  const engine = createEngine({
    registry,
    actions,
    safety,
    store: setup.store,
    clock: systemClock,
    userKey,
    links,
    logger,
    country: config.STEADY_COUNTRY,
    schedule: schedule.hooks,
    ...(metrics ? { metrics } : {}),
  });
  const scheduler = schedule.withEngine(engine);
  await scheduler.start({ claim: config.SCHEDULER_WORKER === 'on' });
  try {
    // Every platform and mode is rate-limited; the terminal has one local user, whose pasted script must run through.
    const limits = { config, clock: systemClock, catalogs: registry.catalogs, userKey, logger, metrics };
    const handle = metrics === undefined ? engine.handle : relieved(limitTurns(engine.handle, limits), logger);
    const running = await mode.start(handle, signal);
    return { running, scheduler, engine, setup };
  } catch (error) {
    if (error instanceof StartAborted) {
      await scheduler.stopClaiming();
      await scheduler.stop();
    }
    throw error;
  }
}

// A message read outside any conversation (a watched Discord channel) is screened with no memory; serious
// or worse is what the community watch acts on, with the operator's country's support lines.
function screenFor(safety: Content['safety'], config: Config): NonNullable<AdapterDeps['screen']> {
  return (text) => {
    const result = safety.respond(null, text, { now: systemClock.now(), country: config.STEADY_COUNTRY });
    const serious = result.judged === 'serious' || result.judged === 'imminent';
    return { serious, supportLines: safety.resourcesText(config.STEADY_COUNTRY) };
  };
}

// What a flood of new users left behind goes back to the system once it has passed (ops/memory-relief.ts).
function relieved(handle: TurnHandler, logger: Logger): TurnHandler {
  const relief = createMemoryRelief({ collect: fullCollector(), logger });
  return (event) => {
    relief.note();
    return handle(event);
  };
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
    { name: 'turns', run: () => app.engine.inFlight.idle() },
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
        { step: result.step, waitingFor: result.waitingFor, turns: app.engine.inFlight.counts() },
        'shutdown deadline passed; exiting with work in flight',
      );
      return void releaseUnsent(app, logger).finally(() => process.exit(1));
  }
}

// Replies still being sent when the deadline passed are handed back, so the platform's redelivery sends them at
// once from the next process instead of waiting out this one's lease. Bounded: Redis may be down too.
async function releaseUnsent(app: App, logger: Logger): Promise<void> {
  const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), RELEASE_WAIT_MS).unref());
  const released = await Promise.race([app.engine.releaseUnsent(), timeout]);
  if (released === 'late') logger.warn('replies still being sent could not be handed back in time');
  else if (released > 0) logger.warn({ turns: released }, 'replies not confirmed sent are left for the redelivery');
}

const RELEASE_WAIT_MS = 1_500;

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
  shared: Pick<AdapterDeps, 'summary' | 'registry' | 'secrets' | 'screen' | 'dailyReflection'>,
  ops: { metrics: ScrapableMetrics; readiness: Readiness },
): Promise<Mode> {
  const http = createHttpServer(logger, { ready: () => ops.readiness.check(), metrics: ops.metrics });
  const adapters = await platformAdapters({ config, logger, clock: systemClock, http: http.routes, ...shared });
  return {
    adapters,
    async start(handle, signal) {
      // Listening before the adapters start (a webhook must be reachable when it is registered); /readyz says 503 until then.
      const port = await http.listen(config.PORT, config.HOST);
      const started: Adapter[] = [];
      const timeoutMs = config.STEADY_CONNECT_TIMEOUT_SECONDS * 1000;
      try {
        for (const adapter of adapters) {
          const connect = (attempt: AbortSignal): Promise<void> => adapter.start(handle, attempt);
          await connectWithRetry(adapter.platform, connect, { timeoutMs, signal, logger });
          started.push(adapter);
        }
      } catch (error) {
        // Those already receiving finish what they took before the process goes.
        if (error instanceof StartAborted) await Promise.allSettled(started.map((adapter) => adapter.stop()));
        await http.close();
        throw error;
      }
      logger.info({ platforms: adapters.map((a) => a.platform), port }, 'steady is running');
      return { stop: stoppers(adapters), close: () => http.close() };
    },
  };
}

function stoppers(adapters: readonly Adapter[]): Record<string, () => Promise<void>> {
  return Object.fromEntries(adapters.map((adapter) => [adapter.platform, () => adapter.stop()]));
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

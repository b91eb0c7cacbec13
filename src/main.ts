import { createConsoleAdapter } from '../adapters/console/index.js';
import { createHttpServer } from '../adapters/http/server.js';
import { platformAdapters } from '../adapters/index.js';
import type { AdapterDeps } from '../adapters/shared/deps.js';
import { actionRegistry } from './coach/index.js';
import { isTerminalMode, loadConfig } from './config.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './engine/engine.js';
import { systemClock, type Adapter } from './engine/types.js';
import { SteadyError } from './errors.js';
import { loadFlows } from './flow/loader.js';
import { createLogger } from './ops/logger.js';
import type { Logger } from './ops/logger.js';
import { createSchedulerFromConfig } from './schedule/from-config.js';
import { createStoreFromConfig } from './session/from-config.js';
import { createUserKeyer } from './session/user-key.js';

// Composition root: the only module in src/ that may import an adapter.

/** What a mode started: `stop` runs once on SIGINT/SIGTERM; `closed` settles when the mode ends by itself. */
interface Running {
  stop(): Promise<void>;
  closed?: Promise<void>;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const registry = await loadFlows(config.FLOWS_DIR, new Set(actionRegistry.keys()));
  const setup = await createStoreFromConfig(config, systemClock, logger);
  // Adapters exist before the engine (the scheduler sends through them); they reach the engine only once started.
  const built: { engine?: Engine } = {};
  const summary: AdapterDeps['summary'] = (platform, userId) => started(built.engine).summary(platform, userId);
  const mode = isTerminalMode(config) ? terminalMode(logger) : platformMode(config, logger, summary);
  const scheduler = createSchedulerFromConfig(setup, mode.adapters, systemClock, logger);
  const engine = createEngine({
    registry,
    actions: actionRegistry,
    store: setup.store,
    clock: systemClock,
    userKey: createUserKeyer(setup.secret),
    logger,
    country: config.STEADY_COUNTRY,
    schedule: scheduler.hooks,
  });
  built.engine = engine;
  await scheduler.start(engine, { claim: config.SCHEDULER_WORKER === 'on' });
  const running = await mode.start(engine);
  const shutdown = once(async () => {
    await scheduler.stop();
    await running.stop();
    await engine.drain();
    await setup.store.close();
  });
  const exitAfterShutdown = (): void => void settle(shutdown(), logger);
  process.once('SIGINT', exitAfterShutdown);
  process.once('SIGTERM', exitAfterShutdown);
  running.closed?.then(exitAfterShutdown, exitAfterShutdown);
}

/** The adapters of a mode, and how to start them once the engine exists. */
interface Mode {
  adapters: Adapter[];
  start(engine: Engine): Promise<Running>;
}

function terminalMode(logger: Logger): Mode {
  const adapter = createConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    onError: (error) => logger.error({ err: error }, 'a turn threw instead of returning an outcome'),
  });
  return {
    adapters: [adapter],
    async start(engine) {
      await adapter.start((event) => engine.handle(event));
      logger.info('steady is running in the terminal');
      const closed = adapter.closed.catch((error: unknown) => logger.error({ err: error }, 'the console adapter failed'));
      return { stop: () => adapter.stop(), closed };
    },
  };
}

function platformMode(config: Config, logger: Logger, summary: AdapterDeps['summary']): Mode {
  const http = createHttpServer(logger);
  const adapters = platformAdapters({ config, logger, clock: systemClock, http: http.routes, summary });
  return {
    adapters,
    async start(engine) {
      const port = await http.listen(config.PORT, config.HOST);
      for (const adapter of adapters) await adapter.start((event) => engine.handle(event));
      logger.info({ platforms: adapters.map((a) => a.platform), port }, 'steady is running');
      return {
        stop: async () => {
          await Promise.all(adapters.map((adapter) => adapter.stop()));
          await http.close();
        },
      };
    },
  };
}

function started(engine: Engine | undefined): Engine {
  if (engine === undefined) throw new Error('The engine is not built yet; adapters reach it only after start.');
  return engine;
}

// Shutdown can be asked for twice (Ctrl-C while input is closing); the steps must run once.
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

async function settle(done: Promise<void>, logger: Logger): Promise<void> {
  try {
    await done;
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // Startup errors we raise on purpose carry an actionable message; a stack would only bury it.
  if (error instanceof SteadyError) process.stderr.write(`Steady could not start: ${error.message}\n`);
  else process.stderr.write(`Steady could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

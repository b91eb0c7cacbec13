import { createConsoleAdapter } from '../adapters/console/index.js';
import { createHttpServer } from '../adapters/http/server.js';
import { platformAdapters } from '../adapters/index.js';
import { actionRegistry } from './coach/index.js';
import { isTerminalMode, loadConfig } from './config.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './engine/engine.js';
import { systemClock } from './engine/types.js';
import { SteadyError } from './errors.js';
import { loadFlows } from './flow/loader.js';
import { createLogger } from './ops/logger.js';
import type { Logger } from './ops/logger.js';
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
  const { store, secret } = await createStoreFromConfig(config, systemClock, logger);
  const engine = createEngine({
    registry,
    actions: actionRegistry,
    store,
    clock: systemClock,
    userKey: createUserKeyer(secret),
    logger,
    country: config.STEADY_COUNTRY,
  });
  const running = isTerminalMode(config) ? await runTerminal(engine, logger) : await runPlatforms(config, engine, logger);
  const shutdown = once(async () => {
    await running.stop();
    await engine.drain();
    await store.close();
  });
  const exitAfterShutdown = (): void => void settle(shutdown(), logger);
  process.once('SIGINT', exitAfterShutdown);
  process.once('SIGTERM', exitAfterShutdown);
  running.closed?.then(exitAfterShutdown, exitAfterShutdown);
}

async function runTerminal(engine: Engine, logger: Logger): Promise<Running> {
  const adapter = createConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    onError: (error) => logger.error({ err: error }, 'a turn threw instead of returning an outcome'),
  });
  await adapter.start((event) => engine.handle(event));
  logger.info('steady is running in the terminal');
  const closed = adapter.closed.catch((error: unknown) => logger.error({ err: error }, 'the console adapter failed'));
  return { stop: () => adapter.stop(), closed };
}

async function runPlatforms(config: Config, engine: Engine, logger: Logger): Promise<Running> {
  const http = createHttpServer(logger);
  const adapters = platformAdapters({ config, logger, clock: systemClock, http: http.routes, summary: engine.summary });
  const port = await http.listen(config.PORT, config.HOST);
  for (const adapter of adapters) await adapter.start((event) => engine.handle(event));
  logger.info({ platforms: adapters.map((a) => a.platform), port }, 'steady is running');
  return {
    stop: async () => {
      await Promise.all(adapters.map((adapter) => adapter.stop()));
      await http.close();
    },
  };
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

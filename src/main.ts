import { createConsoleAdapter } from '../adapters/console/index.js';
import { actionRegistry } from './coach/index.js';
import { isTerminalMode, loadConfig } from './config.js';
import type { Config } from './config.js';
import { createEngine } from './engine/engine.js';
import { systemClock } from './engine/types.js';
import { SteadyError } from './errors.js';
import { loadFlows } from './flow/loader.js';
import { createLogger } from './ops/logger.js';
import type { Logger } from './ops/logger.js';
import { createStoreFromConfig } from './session/from-config.js';
import { createUserKeyer } from './session/user-key.js';

// Composition root: the only module in src/ that may import an adapter.

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (!isTerminalMode(config)) refusePlatformMode();
  const registry = await loadFlows(config.FLOWS_DIR, new Set(actionRegistry.keys()));
  const { store, secret } = await createStoreFromConfig(config, systemClock, logger);
  const engine = createEngine({
    registry,
    actions: actionRegistry,
    store,
    clock: systemClock,
    userKey: createUserKeyer(secret),
    logger,
  });
  const adapter = createConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    onError: (error) => logger.error({ err: error }, 'a turn threw instead of returning an outcome'),
  });
  const shutdown = once(async () => {
    await adapter.stop();
    await engine.drain();
    await store.close();
  });
  const exitAfterShutdown = (): void => void settle(shutdown(), logger);
  process.once('SIGINT', exitAfterShutdown);
  process.once('SIGTERM', exitAfterShutdown);
  await adapter.start((event) => engine.handle(event));
  adapter.closed.then(exitAfterShutdown, (error: unknown) => {
    logger.error({ err: error }, 'the console adapter failed');
    exitAfterShutdown();
  });
  logStarted(logger, config);
}

function refusePlatformMode(): never {
  process.stderr.write(
    'Steady: a platform token is set, but platform adapters (Telegram, Discord, Slack) arrive in later releases.\n'
      + 'Unset TELEGRAM_*, DISCORD_* and SLACK_* to chat in this terminal.\n',
  );
  process.exit(1);
}

function logStarted(logger: Logger, config: Config): void {
  logger.info({ flowsDir: config.FLOWS_DIR, redis: config.REDIS_URL !== undefined }, 'steady is running in the terminal');
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

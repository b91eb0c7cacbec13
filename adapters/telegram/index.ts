import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, GrammyError, type Context } from 'grammy';
import {
  bindTexts,
  commandList,
  createInFlight,
  ErrorCode,
  SteadyError,
  type Adapter,
  type Catalogs,
  type Clock,
  type CommandEntry,
  type InFlight,
  type Logger,
  type SendRate,
} from '../../src/index.js';
import type { HttpRoutes } from '../http/server.js';
import type { AdapterFactory } from '../shared/deps.js';
import { describeApiError, sendScheduled } from './deliver.js';
import { createTelegramSentLog, recordSent } from './erase.js';
import { networkRetry } from './network-retry.js';
import {
  createPollingReceiver,
  createWebhookReceiver,
  RedeliverLater,
  type GrammySignal,
  type Receiver,
} from './receive.js';
import { botCommands } from './commands.js';
import { TELEGRAM_MESSAGES } from './texts.js';
import { PLATFORM } from './to-inbound.js';
import { createTurns, type Turns } from './turns.js';

/** Options of {@link createTelegramAdapter}. */
export interface TelegramOptions {
  token: string;
  /** Another Bot API server (self-hosted, or a local fake in tests); default api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode instead of long polling. */
  webhook?: { url: string; secret: string };
  http: HttpRoutes;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  clock: Clock;
  /** The catalogs the adapter's own words are bound from. */
  catalogs: Catalogs;
  /** Every user command, in menu order (`commandList`); registered with `setMyCommands` at start-up. */
  commands: readonly CommandEntry[];
}

/** Builds the Telegram adapter when `TELEGRAM_BOT_TOKEN` is set: long polling, or a webhook with `TELEGRAM_WEBHOOK_URL`. */
export const telegramAdapter: AdapterFactory = (deps) => {
  const {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_URL: url,
    TELEGRAM_WEBHOOK_SECRET: secret,
  } = deps.config;
  if (token === undefined) return undefined;
  return createTelegramAdapter({
    token,
    ...(apiRoot !== undefined ? { apiRoot } : {}),
    // config.ts refuses a webhook URL without its secret, so both or neither are set here.
    ...(url !== undefined && secret !== undefined ? { webhook: { url, secret } } : {}),
    http: deps.http,
    logger: deps.logger,
    clock: deps.clock,
    catalogs: deps.registry.catalogs,
    commands: commandList(deps.registry),
  });
};

// Telegram allows about 30 messages per second per bot to different chats; proactive sends keep below it.
const SEND_RATE: SendRate = { max: 25, durationMs: 1000 };

// In turns a 429 or a 5xx is waited out and retried, at most 3 times and never for a wait over 10 s; network
// errors are not retried by auto-retry (it would retry them without limit) but by networkRetry, bounded and logged.
const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true };

/** The Telegram adapter: grammY wiring only; the mapping and rendering are pure modules beside it. */
export function createTelegramAdapter(options: TelegramOptions): Adapter {
  const { logger } = options;
  // Checked before anything connects: a catalog or a flow command Telegram would refuse stops start-up.
  const texts = bindTexts(TELEGRAM_MESSAGES, options.catalogs);
  const menu = botCommands(options.commands);
  const client = options.apiRoot !== undefined ? { apiRoot: options.apiRoot } : {};
  const bot = createBot(options.token, client, logger);
  // Scheduled sends get their own Api without auto-retry: on a 429 the send queue decides when to try again.
  const scheduled = new Api(options.token, client);
  // Both record the ids of what they send, so /erase can remove it.
  const sent = createTelegramSentLog(options.clock);
  bot.api.config.use(recordSent(sent));
  scheduled.config.use(recordSent(sent));
  const inFlight = createInFlight();
  let wired = false;
  const receiver: Receiver = options.webhook
    ? createWebhookReceiver(bot, { ...options.webhook, http: options.http })
    : createPollingReceiver(bot);

  return {
    platform: PLATFORM,
    sendRate: SEND_RATE,
    async start(handle, signal) {
      // No update reaches the bot before the receiver starts below, so the turns are wired in here, with the
      // handler; once only, since start is called again after an attempt that timed out.
      if (!wired) {
        const botUsername = (): string => bot.botInfo.username;
        const redeliver = options.webhook !== undefined;
        const turns = createTurns({
          api: bot.api,
          logger,
          clock: options.clock,
          handle,
          texts,
          botUsername,
          redeliver,
          sent,
        });
        receiveTurns(bot, turns, inFlight, logger);
        wired = true;
      }
      const abort = signal as GrammySignal;
      await refusedToken(async () => {
        await bot.init(abort);
        await bot.api.setMyCommands(menu, undefined, abort);
      });
      await receiver.start(abort);
      logger.info({ mode: options.webhook ? 'webhook' : 'polling' }, 'telegram connected');
    },
    async stop() {
      await receiver.stop();
      await inFlight.idle();
    },
    send: (address, replies) => sendScheduled(scheduled, address, replies),
  };
}

function createBot(token: string, client: { apiRoot?: string }, logger: TelegramOptions['logger']): Bot {
  const bot = new Bot(token, { client });
  bot.api.config.use(autoRetry(RETRY));
  bot.api.config.use(networkRetry(logger));
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      // The runner polls silently; this keeps failed polls visible, as structured lines without payloads.
      if (method === 'getUpdates' && signal?.aborted !== true)
        logger.warn({ err: describeApiError(error) }, 'telegram getUpdates failed');
      throw error;
    }
  });
  // Failures outside the update handler (none expected); logged without the update, which holds user text.
  bot.catch((error) =>
    logger.error({ err: describeApiError(error.error), update: updateKind(error.ctx) }, 'telegram middleware failed'),
  );
  return bot;
}

// A token Telegram refuses is a setting to fix, not an outage to wait out: one line that says which, not a stack.
async function refusedToken(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new SteadyError(
        ErrorCode.Config,
        `Telegram refused TELEGRAM_BOT_TOKEN (${error.error_code} ${error.description}); copy the token @BotFather gave you.`,
      );
    }
    throw error;
  }
}

function receiveTurns(bot: Bot, turns: Turns, inFlight: InFlight, logger: TelegramOptions['logger']): void {
  // Tracked before sequentialize, so updates waiting behind the same user's earlier one count as taken.
  bot.use((_ctx, next) => inFlight.track(next));
  bot.use(sequentialize(userOf));
  bot.use(async (ctx) => {
    try {
      await turns.onUpdate(ctx.update);
    } catch (error) {
      if (error instanceof RedeliverLater) throw error;
      logger.error({ err: describeApiError(error), update: updateKind(ctx) }, 'telegram update failed');
    }
  });
}

// One user's updates run in order; different users run side by side.
function userOf(ctx: Context): string | undefined {
  const id = ctx.from?.id ?? ctx.chat?.id;
  return id === undefined ? undefined : String(id);
}

function updateKind(ctx: Context): string {
  return Object.keys(ctx.update).find((key) => key !== 'update_id') ?? 'unknown';
}

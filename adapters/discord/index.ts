import { Client, GatewayDispatchEvents, GatewayIntentBits, Partials, REST } from 'discord.js';
import {
  bindTexts,
  createInFlight,
  ErrorCode,
  SteadyError,
  type Adapter,
  type Catalogs,
  type Clock,
  type Logger,
  type SendRate,
  type TurnHandler,
} from '../../src/index.js';
import { createTtlCache, type TtlCache } from '../shared/ttl-cache.js';
import type { AdapterFactory } from '../shared/deps.js';
import { createDelivery, discordCode, httpStatus } from './delivery.js';
import { DISCORD_MESSAGES } from './texts.js';
import { createSentLog } from '../shared/sent-log.js';
import type { SecretStore } from '../shared/deps.js';
import { createCommunity, type Screen } from './community.js';
import { createReflections, type DailyReflection } from './reflection.js';
import { toEditEvent, toInteraction, toMessageEvent } from './to-inbound.js';
import { onInteraction, onMessage, sendOutside } from './turns.js';
import type { TurnDeps } from './turns.js';

/** What the Discord adapter is built from. */
export interface DiscordAdapterOptions {
  token: string;
  /** Another API server (`DISCORD_API_URL`), e.g. a local stand-in; the gateway URL comes from it too. */
  apiUrl?: string | undefined;
  logger: Logger;
  clock: Clock;
  /** The catalogs the adapter's own words are bound from. */
  catalogs: Catalogs;
  /** The community features (`DISCORD_COMMUNITY=on`): where servers' choices are kept, and the safety screen. */
  community?: { secrets: SecretStore; screen: Screen; reflection?: DailyReflection };
}

// Discord's global limit is 50 requests per second per bot; proactive sends keep below it.
const SEND_RATE: SendRate = { max: 40, durationMs: 1000 };
// Discord sets no window for a bot deleting its own DM messages; ids are kept 30 days, as the /erase report says.
const SENT_LOG = { ttlMs: 30 * 86_400_000, perChat: 500, chats: 50_000 };

/** Builds the Discord adapter when `DISCORD_TOKEN` is set. */
export const discordAdapter: AdapterFactory = (deps) => {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: apiUrl } = deps.config;
  if (token === undefined) return undefined;
  if (applicationId === undefined) {
    throw new SteadyError(
      ErrorCode.Config,
      'set DISCORD_APPLICATION_ID (Developer Portal → General Information) along with DISCORD_TOKEN.',
    );
  }
  return createDiscordAdapter({
    token,
    apiUrl,
    logger: deps.logger,
    clock: deps.clock,
    catalogs: deps.registry.catalogs,
    ...(deps.config.DISCORD_COMMUNITY === 'on' && deps.secrets && deps.screen
      ? {
          community: {
            secrets: deps.secrets,
            screen: deps.screen,
            ...(deps.dailyReflection ? { reflection: deps.dailyReflection } : {}),
          },
        }
      : {}),
  });
};

/**
 * The Discord adapter: slash commands and buttons in servers (answered ephemerally, with an offer to
 * continue in DMs) and the whole conversation in DMs. Gateway payloads are read raw and mapped by the
 * pure `to-inbound.ts`; discord.js keeps the connection and the REST rate limits.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): Adapter {
  const { logger, clock } = options;
  const texts = bindTexts(DISCORD_MESSAGES, options.catalogs);
  const client = new Client({
    // DirectMessages + Partials.Channel: DM messages arrive even though their channel was never cached. Server
    // messages and their text (a privileged intent) only for the community watch, which a server opts into.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.DirectMessages,
      ...(options.community ? [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : []),
    ],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    ...(options.apiUrl === undefined ? {} : { rest: { api: options.apiUrl } }),
  });
  // The ids of what the bot sent in each DM, from turns and scheduled sends alike, for /erase.
  const sent = createSentLog(SENT_LOG, clock);
  const note = (channelId: string, messageId: string): void => sent.note(channelId, messageId);
  const delivery = createDelivery(client.rest, note);
  const scheduledRest = createScheduledRest(options);
  const scheduled = createDelivery(scheduledRest, note);
  const inflight = createInFlight();
  // Interaction tokens live 15 minutes, so an id older than that can be answered by no one anyway.
  const answered = createTtlCache<true>(15 * 60_000, 10_000, clock);
  let started = false;
  let wired = false;
  let stopping = false;
  let stopReflections: (() => void) | undefined;

  // Every piece of work is tracked so stop() can let it finish.
  function onDispatch(act: (data: unknown) => Promise<void>): (data: unknown) => void {
    return (data) => {
      if (!stopping) inflight.track(() => act(data)).catch((error: unknown) => logFailure(logger, error));
    };
  }

  // The gateway delivers nothing before the login, so the listeners are added with the handler.
  function wire(handle: TurnHandler): void {
    wired = true;
    const deps: TurnDeps = { delivery, logger, clock, handle, texts, sent };
    const reflections =
      options.community?.reflection === undefined
        ? undefined
        : createReflections({
            rest: client.rest,
            secrets: options.community.secrets,
            texts,
            clock,
            reflection: options.community.reflection,
            logger,
          });
    stopReflections = reflections?.start();
    const community = options.community
      ? createCommunity({
          rest: client.rest,
          secrets: options.community.secrets,
          screen: options.community.screen,
          texts,
          logger,
          ...(reflections ? { reflections } : {}),
        })
      : undefined;
    client.ws.on(
      GatewayDispatchEvents.InteractionCreate,
      onDispatch(async (data) => {
        // A redelivered interaction can be answered only once (Discord refuses the second callback, 40060).
        if (!firstDelivery(answered, data)) {
          logger.debug({ platform: 'discord' }, 'interaction delivered again; answered before');
          return;
        }
        if (community && (await community.onAdmin(data))) return;
        await onInteraction(deps, toInteraction(data, clock.now()));
      }),
    );
    client.ws.on(
      GatewayDispatchEvents.MessageCreate,
      onDispatch(async (data) => {
        // A server message reaches Steady only with the community watch on; it is read only in watched channels.
        if (community && typeof data === 'object' && data !== null && 'guild_id' in data)
          return community.onGuildMessage(data);
        return onMessage(deps, toMessageEvent(data, clock.now()));
      }),
    );
    // An edited DM is screened like any text, so a crisis typed into an edit is answered too.
    client.ws.on(
      GatewayDispatchEvents.MessageUpdate,
      onDispatch((data) => onMessage(deps, toEditEvent(data, clock.now()))),
    );
  }

  return {
    platform: 'discord',
    sendRate: SEND_RATE,
    async start(handle) {
      // An attempt that timed out is given up before the next logs in again; the listeners are added once.
      if (started) await client.destroy();
      started = true;
      if (!wired) wire(handle);
      await client.login(options.token).catch((error: unknown) => {
        if (httpStatus(error) === 401 || (error as { code?: unknown }).code === 'TokenInvalid')
          throw new SteadyError(
            ErrorCode.Config,
            'Discord refused DISCORD_TOKEN; reset the token in the Developer Portal and set it again.',
          );
        throw error;
      });
      logger.info({ platform: 'discord' }, 'discord gateway connected');
    },
    async stop() {
      stopping = true;
      stopReflections?.();
      await inflight.idle();
      await client.destroy();
      scheduledRest.clearHashSweeper();
      scheduledRest.clearHandlerSweeper();
    },
    // A refused DM (50007) or a rate limit is the result; any other failure rejects, without ids or text in the error.
    async send(address, replies) {
      try {
        return await inflight.track(() => sendOutside(scheduled, address, replies, texts));
      } catch (error) {
        logFailure(logger, error);
        throw new Error(
          `Discord did not take a scheduled message (HTTP ${httpStatus(error) ?? 'none'}, code ${discordCode(error) ?? 'none'})`,
        );
      }
    },
  };
}

/** True the first time an interaction id is seen (a payload without an id is left to the mapper to refuse). */
function firstDelivery(answered: TtlCache<true>, data: unknown): boolean {
  const id = typeof data === 'object' && data !== null && 'id' in data ? String(data.id) : undefined;
  if (id === undefined) return true;
  if (answered.get(id)) return false;
  answered.set(id, true);
  return true;
}

/**
 * The REST client of scheduled sends. Turns use discord.js's own, which waits out every 429 (honouring
 * Retry-After) before retrying; this one rejects instead, so the send queue decides when to try again.
 * Neither retries a 4xx such as 401 or 403. `offset: 0` reports Discord's own wait, without REST's margin.
 */
function createScheduledRest(options: DiscordAdapterOptions): REST {
  const rest = new REST({
    rejectOnRateLimit: () => true,
    offset: 0,
    ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
  });
  return rest.setToken(options.token);
}

// Discord errors carry request bodies and URLs with ids and user text: only status and code are logged.
function logFailure(logger: Logger, error: unknown): void {
  const status = httpStatus(error);
  const code = discordCode(error);
  if (status === 401)
    return logger.error(
      { platform: 'discord', status },
      'Discord refused DISCORD_TOKEN; reset the token in the Developer Portal',
    );
  if (status !== undefined) return logger.warn({ platform: 'discord', status, code }, 'discord request failed');
  logger.error(
    { platform: 'discord', err: error instanceof Error ? error.name : 'unknown' },
    'discord delivery failed',
  );
}

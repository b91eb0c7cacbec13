import { randomUUID } from 'node:crypto';
import { webApi, type types } from '@slack/bolt';
import { z } from 'zod';
import type {
  Clock,
  InboundEvent,
  Logger,
  Reply,
  SendResult,
  TurnHandler,
  TurnOutcome,
  UserSummary,
} from '../../src/index.js';
import { parseAddress, toAddress } from './address.js';
import { homeView } from './home.js';
import { formView, renderReplies, withChoiceMade } from './render.js';
import type { SlackTexts } from './texts.js';
import { toInboundEvent, type SlackIntent, type SlackTurn } from './to-inbound.js';
import { createTtlCache } from '../shared/ttl-cache.js';
import { createSentLog, eraseRemembered, erasedReply } from '../shared/sent-log.js';

// The I/O half of the adapter: runs turns against the engine and talks to the Web API.
// Everything here happens after the Slack request was acknowledged.

/** What the turn runner needs; the engine's handler comes with each turn, since turns start only with the adapter. */
export interface SlackIoDeps {
  client: webApi.WebClient;
  /** The client of scheduled sends: built with `rejectRateLimitedCalls`, so a 429 comes back at once. */
  scheduled: webApi.WebClient;
  logger: Logger;
  clock: Clock;
  summary(platform: string, userId: string): Promise<UserSummary>;
  texts: SlackTexts;
  /** The bot token of a workspace, when the app is installed in several (OAuth); absent, `scheduled` has one. */
  tokenOf?: (team: string) => Promise<string | undefined>;
}

/** Runs Slack turns and outbound messages; `idle` waits for every piece of work in flight. */
export interface SlackIo {
  /**
   * Runs one turn through `handle` (the engine) and answers it, through `client` (the listener's, authorized for
   * the workspace) when given; `team` goes into the address, so scheduled sends find that workspace's token.
   */
  run(turn: SlackTurn, handle: TurnHandler, client?: webApi.WebClient, team?: string): Promise<void>;
  openForm(intent: Extract<SlackIntent, { kind: 'form' }>, client?: webApi.WebClient): Promise<void>;
  publishHome(user: string, client?: webApi.WebClient): Promise<void>;
  /** Replies outside a turn: a refusal in UNREACHABLE or a 429 is the result; no signal turn runs here. */
  send(address: string, replies: Reply[]): Promise<SendResult>;
  /** The user's DM channel if Steady has seen it lately. */
  knownDm(user: string): string | undefined;
}

const TZ_TTL_MS = 6 * 60 * 60 * 1000;
// Slack sets no window for deleting an app's messages; ids are kept 30 days, as the /erase report says.
const SENT = { ttlMs: 30 * 24 * 60 * 60 * 1000, perChat: 500, chats: 50_000 };
const Posted = z.object({ ts: z.string().min(1) });
const DM_TTL_MS = 24 * 60 * 60 * 1000;
const CACHE_MAX = 10_000;
// Delivery refused for good: the user left, was deactivated, or the DM is gone. Retrying cannot help.
const UNREACHABLE = new Set([
  'account_inactive',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'cannot_dm_bot',
]);
const PlatformError = z.object({ data: z.object({ error: z.string() }) });
const RateLimited = z.object({
  code: z.literal(webApi.ErrorCode.RateLimitedError),
  retryAfter: z.number().nonnegative(),
});
// `locale` comes only when asked for (include_locale); a user without a zone still has a locale, and the reverse.
const ProfileResult = z.object({
  user: z.object({ tz: z.string().min(1).optional(), locale: z.string().min(1).optional() }),
});
const OpenResult = z.object({ channel: z.object({ id: z.string().min(1) }) });

/** What Slack's profile tells of a user. */
interface PlatformProfile {
  timezone?: string | undefined;
  locale?: string | undefined;
}

/** Thrown inside a delivery when Slack says the user cannot be reached; carries Slack's error code. */
class UnreachableError extends Error {
  constructor(readonly slackError: string) {
    super(`slack refused delivery: ${slackError}`);
    this.name = 'UnreachableError';
  }
}

/** Creates the Slack I/O shell around the engine. */
export function createSlackIo(deps: SlackIoDeps): SlackIo {
  const { clock, texts } = deps;
  const log = deps.logger.child({ platform: 'slack' });
  const profiles = createTtlCache<PlatformProfile>(TZ_TTL_MS, CACHE_MAX, clock);
  const dms = createTtlCache<string>(DM_TTL_MS, CACHE_MAX, clock);
  const sent = createSentLog(SENT, clock);
  // Every message the app posts is noted by channel and ts (never its text), so /erase can delete it.
  const noted = (channel: string, result: unknown): void => {
    const parsed = Posted.safeParse(result);
    if (parsed.success) sent.note(channel, parsed.data.ts);
  };

  async function run(turn: SlackTurn, handle: TurnHandler, client = deps.client, team?: string): Promise<void> {
    const channel = turn.channel ?? (await openDm(client, turn.user));
    if (channel === undefined) return;
    dms.set(turn.user, channel);
    const marking = turn.pressed ? markChosen(client, turn.pressed) : Promise.resolve();
    const event = toInboundEvent(turn, channel, clock.now(), await profile(client, turn.user), team);
    const outcome = await handle(event);
    await marking;
    await answer(client, handle, event, outcome);
  }

  async function answer(
    client: webApi.WebClient,
    handle: TurnHandler,
    event: InboundEvent,
    outcome: TurnOutcome,
  ): Promise<void> {
    const { channel } = parseAddress(event.address);
    const erasing = outcome.status === 'ok' && outcome.erase === true;
    const replies = erasing ? await erase(client, channel, outcome.replies) : outcome.replies;
    if (replies.length === 0) return;
    const receipt = outcome.status === 'ok' ? outcome.receipt : undefined;
    try {
      // One reply at a time, each confirmed as it lands, so a redelivery sends only the ones that never did.
      for (const [index, reply] of replies.entries()) {
        await post(client, channel, [reply]);
        // The /erase report comes after the turn's own replies and is not one of them.
        if (index < outcome.replies.length) await receipt?.sent(index + 1);
      }
    } catch (error) {
      // A post that failed on the network may have reached Slack; one Slack refused did not.
      await receipt?.unsent(!PlatformError.safeParse(error).success && !(error instanceof UnreachableError));
      await failedDelivery(handle, event.address, error);
      return;
    }
    if (outcome.status === 'ok' && outcome.refreshStatus === true) await publishHome(event.userId, client);
  }

  async function post(client: webApi.WebClient, channel: string, replies: readonly Reply[]): Promise<void> {
    for (const message of renderReplies(replies, texts)) {
      noted(
        channel,
        await call(() => client.chat.postMessage({ channel, text: message.text, blocks: message.blocks })),
      );
    }
  }

  // chat.delete for each remembered message of the DM; the turn's replies then end with the report.
  async function erase(client: webApi.WebClient, channel: string, replies: readonly Reply[]): Promise<Reply[]> {
    const erased = await eraseRemembered(sent, channel, async (message) => {
      await client.chat.delete({ channel, ts: message.id });
    });
    return [...replies, erasedReply(texts, erased)];
  }

  async function failedDelivery(handle: TurnHandler, address: string, error: unknown): Promise<void> {
    if (!(error instanceof UnreachableError)) {
      log.warn({ err: errorSummary(error) }, 'slack delivery failed');
      return;
    }
    log.info({ reason: error.slackError }, 'slack user unreachable');
    const { user, channel } = parseAddress(address);
    if (user === undefined) return;
    const signal: InboundEvent = {
      kind: 'signal',
      signal: 'unreachable',
      id: `slack:unreachable:${randomUUID()}`,
      platform: 'slack',
      userId: user,
      address: toAddress(channel, user),
      at: clock.now(),
    };
    await handle(signal);
  }

  async function markChosen(client: webApi.WebClient, pressed: NonNullable<SlackTurn['pressed']>): Promise<void> {
    // The blocks are the message Steady itself posted, as Slack hands them back.
    const blocks = withChoiceMade(pressed.blocks as types.KnownBlock[], pressed.label, texts);
    await quietly('chat.update', () =>
      client.chat.update({ channel: pressed.channel, ts: pressed.ts, text: pressed.label, blocks }),
    );
  }

  async function openDm(client: webApi.WebClient, user: string): Promise<string | undefined> {
    const known = dms.get(user);
    if (known !== undefined) return known;
    const result = await quietly('conversations.open', () => client.conversations.open({ users: user }));
    const parsed = OpenResult.safeParse(result);
    return parsed.success ? parsed.data.channel.id : undefined;
  }

  // The time zone and language the user set in Slack, which stand in until they choose their own.
  async function profile(client: webApi.WebClient, user: string): Promise<PlatformProfile> {
    const known = profiles.get(user);
    if (known !== undefined) return known;
    const result = await quietly('users.info', () => client.users.info({ user, include_locale: true }));
    const parsed = ProfileResult.safeParse(result);
    if (!parsed.success) return {};
    const found = { timezone: parsed.data.user.tz, locale: parsed.data.user.locale };
    profiles.set(user, found);
    return found;
  }

  async function publishHome(user: string, client = deps.client): Promise<void> {
    const summary = await deps.summary('slack', user).catch((error: unknown) => {
      log.warn({ err: errorSummary(error) }, 'slack home summary failed');
      return undefined;
    });
    if (summary === undefined) return;
    const view = homeView(summary, clock.now(), texts);
    await quietly('views.publish', () => client.views.publish({ user_id: user, view }));
  }

  async function openForm(intent: Extract<SlackIntent, { kind: 'form' }>, client = deps.client): Promise<void> {
    await quietly('views.open', () =>
      client.views.open({ trigger_id: intent.triggerId, view: formView(intent.form, intent.channel, texts) }),
    );
  }

  // A 429 part-way through several messages stops there, so a retried send repeats the ones already posted.
  async function send(address: string, replies: Reply[]): Promise<SendResult> {
    const { channel, team } = parseAddress(address);
    // Installed in several workspaces, each send carries its workspace's token; one that is gone is unreachable.
    const token = team !== undefined && deps.tokenOf ? await deps.tokenOf(team) : undefined;
    if (deps.tokenOf && token === undefined) return { status: 'unreachable', reason: 'slack:not_installed' };
    try {
      for (const message of renderReplies(replies, texts)) {
        const body = { channel, text: message.text, blocks: message.blocks, ...(token ? { token } : {}) };
        noted(channel, await deps.scheduled.chat.postMessage(body));
      }
      return { status: 'sent' };
    } catch (error) {
      const refused = scheduledRefusal(error);
      if (refused !== undefined) return refused;
      throw new Error(`Slack did not take a scheduled message (${errorSummary(error)})`);
    }
  }

  // A call whose failure only costs polish (a refreshed view, a time zone): logged, never thrown.
  async function quietly<T>(method: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      log.warn({ method, err: errorSummary(error) }, 'slack call failed');
      return undefined;
    }
  }

  return { run, openForm, publishHome, send, knownDm: (user) => dms.get(user) };
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const parsed = PlatformError.safeParse(error);
    if (parsed.success && UNREACHABLE.has(parsed.data.data.error)) throw new UnreachableError(parsed.data.data.error);
    throw error;
  }
}

// Slack's own code goes into `reason`; `retryAfter` is Slack's Retry-After, in seconds.
function scheduledRefusal(error: unknown): SendResult | undefined {
  const limited = RateLimited.safeParse(error);
  if (limited.success) return { status: 'rateLimited', retryAfterMs: limited.data.retryAfter * 1000 };
  const refused = PlatformError.safeParse(error);
  if (refused.success && UNREACHABLE.has(refused.data.data.error))
    return { status: 'unreachable', reason: `slack:${refused.data.data.error}` };
  return undefined;
}

// Slack's error code, or the error's name: never a message body or an id.
function errorSummary(error: unknown): string {
  const parsed = PlatformError.safeParse(error);
  if (parsed.success) return parsed.data.data.error;
  return error instanceof Error ? `${error.name}${'code' in error ? `:${String(error.code)}` : ''}` : 'unknown';
}

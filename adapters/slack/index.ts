import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, webApi, type AppOptions } from '@slack/bolt';
import {
  assertNever,
  bindTexts,
  createInFlight,
  ErrorCode,
  SteadyError,
  systemClock,
  type Adapter,
  type SendRate,
  type TurnHandler,
} from '../../src/index.js';
import type { AdapterDeps, AdapterFactory } from '../shared/deps.js';
import { boltLogger } from './bolt-logger.js';
import { SLACK_MESSAGES, SLASH_COMMAND, type SlackTexts } from './texts.js';
import {
  fromBlockActions,
  fromEventEnvelope,
  fromSlashCommand,
  fromViewSubmission,
  FORM_CALLBACK,
  type SlackIntent,
} from './to-inbound.js';
import { createSlackIo, type SlackIo } from './turns.js';

/** Where Slack posts events, interactions and the slash command on the app's HTTP port. */
export const SLACK_EVENTS_PATH = '/slack/events';

// Bounded retries: in turns a 429 waits for Slack's Retry-After; a network error is tried a few times, not for half an hour.
const RETRY = { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5000 };
const REQUEST_TIMEOUT_MS = 10_000;
// Slack's 1 message per second applies per channel, and every user's DM is its own channel; what binds a
// single-workspace install is the workspace-wide posting budget of a few hundred messages a minute, so
// proactive sends stay at about 240 a minute.
const SEND_RATE: SendRate = { max: 4, durationMs: 1000 };

/**
 * Builds the Slack adapter when `SLACK_BOT_TOKEN` is set: over HTTP on `POST /slack/events` (requests
 * checked against `SLACK_SIGNING_SECRET` by Bolt), or over Socket Mode when `SLACK_APP_TOKEN` is set too.
 */
export const slackAdapter: AdapterFactory = (deps) => {
  const { SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = deps.config;
  if (token === undefined && appToken === undefined) return undefined;
  if (token === undefined) {
    throw new SteadyError(
      ErrorCode.Config,
      'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not; add the bot token (xoxb-...) from the Slack app settings.',
    );
  }
  if (appToken === undefined && signingSecret === undefined) {
    throw new SteadyError(
      ErrorCode.Config,
      'SLACK_SIGNING_SECRET is required over HTTP; copy it from the Slack app settings, or set SLACK_APP_TOKEN for Socket Mode.',
    );
  }
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    retryConfig: RETRY,
    timeout: REQUEST_TIMEOUT_MS,
    ...(deps.config.SLACK_API_URL ? { slackApiUrl: deps.config.SLACK_API_URL } : {}),
  };
  const base: AppOptions = { token, logger, deferInitialization: true, convoStore: false, clientOptions };
  // Scheduled posts get a client that rejects a 429 at once instead of waiting, so the send queue decides when to retry.
  const scheduled = new webApi.WebClient(token, { ...clientOptions, logger, rejectRateLimitedCalls: true });
  if (appToken !== undefined)
    return createAdapter(new App({ ...base, appToken, socketMode: true }), undefined, scheduled, deps);
  const receiver = new HTTPReceiver({ signingSecret: signingSecret ?? '', endpoints: SLACK_EVENTS_PATH, logger });
  return createAdapter(new App({ ...base, receiver }), receiver, scheduled, deps);
};

function createAdapter(
  app: App,
  receiver: HTTPReceiver | undefined,
  scheduled: webApi.WebClient,
  deps: AdapterDeps,
): Adapter {
  let accepting = false;
  let wired = false;
  const inFlight = createInFlight();
  const texts = bindTexts(SLACK_MESSAGES, deps.registry.catalogs);
  const io = createSlackIo({
    client: app.client,
    scheduled,
    logger: deps.logger,
    clock: deps.clock,
    summary: deps.summary,
    texts,
  });
  const track = (work: Promise<void>): void => {
    inFlight
      .track(() => work)
      .catch((error: unknown) => deps.logger.error({ platform: 'slack', err: describe(error) }, 'slack work failed'));
  };
  app.error(async (error) => void deps.logger.warn({ platform: 'slack', code: error.code }, 'slack listener failed'));
  if (receiver) {
    deps.http.add('POST', SLACK_EVENTS_PATH, (req: IncomingMessage, res: ServerResponse) => {
      // Before start and after stop Slack is told to come back later; it redelivers events.
      if (!accepting) return void res.writeHead(503, { 'retry-after': '5' }).end();
      // The wall clock, as Bolt uses for the other bound: the turn's clock may be a test's or a replayed one.
      const refused = refusal(req, systemClock.now());
      if (refused !== undefined) return void res.writeHead(refused, { connection: 'close' }).end();
      receiver.requestListener(req, res);
    });
  }
  return {
    platform: 'slack',
    sendRate: SEND_RATE,
    async start(handle) {
      // Nothing is taken before `accepting` below (HTTP) or app.start() (Socket Mode), so listeners are added
      // here; once only, since start is called again after an attempt that timed out.
      if (!wired) listen(app, io, handle, track, texts);
      wired = true;
      await app.init().catch((error: unknown) => {
        throw new SteadyError(
          ErrorCode.Config,
          `Slack refused the bot token (${slackCode(error)}); check SLACK_BOT_TOKEN and that the app is installed.`,
          { cause: error },
        );
      });
      if (!receiver) await app.start();
      accepting = true;
    },
    async stop() {
      accepting = false;
      if (!receiver) await app.stop().catch(() => undefined);
      await inFlight.idle();
    },
    send: (address, replies) => io.send(address, replies),
  };
}

// Every listener acknowledges first and works after, so Slack always has its answer within 3 seconds.
function listen(
  app: App,
  io: SlackIo,
  handle: TurnHandler,
  track: (work: Promise<void>) => void,
  texts: SlackTexts,
): void {
  const dispatch = (intent: SlackIntent): void => {
    switch (intent.kind) {
      case 'turn':
        return track(io.run(intent.turn, handle));
      case 'home':
        return track(io.publishHome(intent.user));
      case 'form':
        return track(io.openForm(intent));
      case 'ignore':
        return;
      default:
        return assertNever(intent);
    }
  };
  // Events are acknowledged by Bolt itself before listeners run.
  app.event('message', async ({ body }) => dispatch(fromEventEnvelope(body)));
  app.event('app_home_opened', async ({ body }) => dispatch(fromEventEnvelope(body)));
  app.action(/.*/, async ({ ack, body }) => {
    await ack();
    dispatch(fromBlockActions(body));
  });
  app.view(FORM_CALLBACK, async ({ ack, body }) => {
    await ack();
    dispatch(fromViewSubmission(body));
  });
  app.command(SLASH_COMMAND, async ({ ack, body }) => {
    // Outside the user's DM with Steady the answer is neutral and visible to them alone.
    const inDm = io.knownDm(body.user_id) === body.channel_id;
    await (inDm ? ack() : ack({ response_type: 'ephemeral', text: texts.text('movedToDm') }));
    dispatch(fromSlashCommand(body));
  });
}

// Slack sends JSON (events) or a form (commands, interactions), signed with a timestamp. Bolt refuses a
// timestamp more than five minutes old but not one from the future, and reads any content type.
const SLACK_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);
const TIMESTAMP_WINDOW_S = 5 * 60;

/** The status that refuses `req` before its signature is read (415, 401), or undefined to let Bolt check it. */
export function refusal(req: Pick<IncomingMessage, 'headers'>, now: number): number | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!SLACK_TYPES.has(type)) return 415;
  const stamp = Number(req.headers['x-slack-request-timestamp']);
  if (!Number.isInteger(stamp) || Math.abs(now / 1000 - stamp) > TIMESTAMP_WINDOW_S) return 401;
  return undefined;
}

// Slack's own error code (`invalid_auth`, `account_inactive`), never a message that might carry data.
function slackCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'data' in error) {
    const data = (error as { data: unknown }).data;
    if (typeof data === 'object' && data !== null && 'error' in data) return String(data.error);
  }
  return describe(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

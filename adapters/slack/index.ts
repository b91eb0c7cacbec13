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
import type { InstallationStore } from '@slack/oauth';
import { boltLogger } from './bolt-logger.js';
import { botTokenOf, BOT_SCOPES, createInstallationStore, INSTALL_PATH, REDIRECT_PATH } from './install.js';
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
  if (deps.config.SLACK_CLIENT_ID !== undefined) return multiWorkspaceAdapter(deps);
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

/**
 * Installed in several workspaces through Slack's OAuth (`SLACK_CLIENT_ID`): `GET /slack/install` sends the person
 * to Slack, `GET /slack/oauth_redirect` takes the code back (Bolt's installer, @slack/oauth's InstallProvider),
 * each workspace's installation is kept sealed, and every event is answered with its own workspace's token.
 */
function multiWorkspaceAdapter(deps: AdapterDeps): Adapter {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = deps.config;
  if (deps.secrets === undefined) {
    throw new SteadyError(ErrorCode.Config, 'Slack installations need a secret store; run Steady from src/main.ts.');
  }
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    retryConfig: RETRY,
    timeout: REQUEST_TIMEOUT_MS,
    ...(deps.config.SLACK_API_URL ? { slackApiUrl: deps.config.SLACK_API_URL } : {}),
  };
  const installations = createInstallationStore(deps.secrets);
  // loadConfig requires the client secret, the state secret and the signing secret with the client id.
  const receiver = new HTTPReceiver({
    signingSecret: deps.config.SLACK_SIGNING_SECRET ?? '',
    endpoints: SLACK_EVENTS_PATH,
    logger,
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    stateSecret: stateSecret ?? '',
    scopes: BOT_SCOPES,
    installationStore: installations,
    installerOptions: { directInstall: true, installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH, clientOptions },
  });
  const app = new App({ receiver, logger, deferInitialization: true, convoStore: false, clientOptions });
  const scheduled = new webApi.WebClient(undefined, { ...clientOptions, logger, rejectRateLimitedCalls: true });
  return createAdapter(app, receiver, scheduled, deps, installations);
}

function createAdapter(
  app: App,
  receiver: HTTPReceiver | undefined,
  scheduled: webApi.WebClient,
  deps: AdapterDeps,
  installations?: InstallationStore,
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
    ...(installations ? { tokenOf: (team: string) => botTokenOf(installations, team) } : {}),
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
    // A browser's visit, not a signed Slack request: Bolt's installer checks the state (cookie and signed value).
    if (installations) {
      for (const path of [INSTALL_PATH, REDIRECT_PATH]) {
        deps.http.add('GET', path, (req: IncomingMessage, res: ServerResponse) => {
          if (!accepting) return void res.writeHead(503, { 'retry-after': '5' }).end();
          receiver.requestListener(req, res);
        });
      }
    }
  }
  return {
    platform: 'slack',
    sendRate: SEND_RATE,
    async start(handle) {
      // Nothing is taken before `accepting` below (HTTP) or app.start() (Socket Mode), so listeners are added
      // here; once only, since start is called again after an attempt that timed out.
      if (!wired) listen(app, io, handle, track, texts, installations !== undefined);
      if (!wired && installations) forgetUninstalled(app, installations, track);
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
  several: boolean,
): void {
  // `client` is the listener's, authorized for the event's workspace; `team` is that workspace, named in the
  // address only when the app is installed in several.
  const team = several ? workspaceOf : () => undefined;
  const dispatch = (intent: SlackIntent, client: webApi.WebClient, team: string | undefined): void => {
    switch (intent.kind) {
      case 'turn':
        return track(io.run(intent.turn, handle, client, team));
      case 'home':
        return track(io.publishHome(intent.user, client));
      case 'form':
        return track(io.openForm(intent, client));
      case 'ignore':
        return;
      default:
        return assertNever(intent);
    }
  };
  // Events are acknowledged by Bolt itself before listeners run.
  app.event('message', async ({ body, client, context }) => dispatch(fromEventEnvelope(body), client, team(context)));
  app.event('app_home_opened', async ({ body, client, context }) =>
    dispatch(fromEventEnvelope(body), client, team(context)),
  );
  app.action(/.*/, async ({ ack, body, client, context }) => {
    await ack();
    dispatch(fromBlockActions(body), client, team(context));
  });
  app.view(FORM_CALLBACK, async ({ ack, body, client, context }) => {
    await ack();
    dispatch(fromViewSubmission(body), client, team(context));
  });
  app.command(SLASH_COMMAND, async ({ ack, body, client, context }) => {
    // Outside the user's DM with Steady the answer is neutral and visible to them alone.
    const inDm = io.knownDm(body.user_id) === body.channel_id;
    await (inDm ? ack() : ack({ response_type: 'ephemeral', text: texts.text('movedToDm') }));
    dispatch(fromSlashCommand(body), client, team(context));
  });
}

// An org-wide install is not served yet; a workspace install names its workspace.
function workspaceOf(context: { teamId?: string | undefined; isEnterpriseInstall?: boolean }): string | undefined {
  return context.isEnterpriseInstall === true ? undefined : context.teamId;
}

// A workspace that removed Steady, or revoked its bot token, has its installation (and so its token) deleted.
function forgetUninstalled(app: App, installations: InstallationStore, track: (work: Promise<void>) => void): void {
  const forget = (teamId: string | undefined): void => {
    if (teamId !== undefined)
      track(
        installations.deleteInstallation?.({ teamId, enterpriseId: undefined, isEnterpriseInstall: false }) ??
          Promise.resolve(),
      );
  };
  app.event('app_uninstalled', async ({ context }) => forget(context.teamId));
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) forget(context.teamId);
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

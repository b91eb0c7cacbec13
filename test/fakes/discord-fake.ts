import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeGateway, type GatewayOp } from './discord-gateway.js';
import {
  dmChannelOf,
  failureResult,
  NOT_FOUND,
  readBody,
  route,
  UNAUTHORIZED,
  type DiscordCall,
  type DiscordFailure,
  type RestState,
  type RouteResult,
} from './discord-rest.js';

// A local Discord: REST under /api/v10 and a WebSocket gateway on the same port. discord.js finds the
// gateway through GET /gateway/bot, so pointing DISCORD_API_URL at `apiUrl` is all a client needs.

/** Recorded calls and injectable failures, as the REST half defines them. */
export type { DiscordCall, DiscordFailure } from './discord-rest.js';

/** A message Steady sent (a channel message, an interaction edit or a follow-up), read from its call. */
export interface SentMessage {
  call: DiscordCall;
  content: string;
  flags: number;
  buttons: { custom_id?: string; label?: string; style?: number; url?: string }[];
  selects: { custom_id: string; options: { label: string; value: string }[] }[];
  allowedMentions: unknown;
}

/** The fake and its controls. */
export interface DiscordFake {
  /** What to pass as DISCORD_API_URL. */
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  calls: DiscordCall[];
  /** Gateway ops the client sent (IDENTIFY, heartbeats...). */
  gatewayOps: GatewayOp[];
  /** Gateway connections that identified and are still open. */
  connections(): number;
  /** Sends a gateway dispatch (INTERACTION_CREATE, MESSAGE_CREATE...). */
  dispatch(t: string, d: unknown): void;
  /** The user's DM channel id (created on first use, as POST /users/@me/channels does). */
  dmChannel(userId: string): string;
  /** The ids of the bot's messages still in a channel (posted and not deleted). */
  stored(channelId: string): string[];
  /** The next `times` calls matching `method` and `path` fail with Discord's error JSON. */
  fail(method: string, path: RegExp, failure: DiscordFailure, times?: number): void;
  /** Every message-carrying call so far, oldest first. */
  messages(): SentMessage[];
  /** Polls `probe` until it returns something other than `undefined`/`false`, or fails after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs?: number): Promise<T>;
  /** Resolves once `count` calls match `method` and `path`. */
  waitForCalls(method: string, path: RegExp, count: number, timeoutMs?: number): Promise<DiscordCall[]>;
  close(): Promise<void>;
}

const MESSAGE_CALL =
  /^(PATCH \/webhooks\/\d+\/[^/]+\/messages\/@original|POST \/webhooks\/\d+\/[^/]+|POST \/channels\/\d+\/messages)$/;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startDiscordFake(
  options: { token?: string; applicationId?: string; guildId?: string; heartbeatMs?: number } = {},
): Promise<DiscordFake> {
  let port = 0;
  let ids = 1_400_000_000_000_000_000n;
  const botUser = {
    id: '1280000000000000099',
    username: 'Steady',
    bot: true as const,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
  const state: RestState = {
    token: options.token ?? 'fake-bot-token.discord',
    applicationId: options.applicationId ?? '1280000000000000000',
    botUser,
    gatewayUrl: () => `ws://127.0.0.1:${port}`,
    acked: new Map(),
    dmChannels: new Map(),
    commands: { global: [], guilds: new Map() },
    nextId: () => String((ids += 1n)),
    stored: new Map(),
    interactions: new Map(),
  };
  const guildId = options.guildId ?? '1270000000000000000';
  const gateway = createFakeGateway({
    token: state.token,
    applicationId: state.applicationId,
    botUser,
    guildId,
    url: state.gatewayUrl,
    heartbeatMs: options.heartbeatMs ?? 41_250,
  });
  const calls: DiscordCall[] = [];
  const failures: { method: string; path: RegExp; failure: DiscordFailure; times: number }[] = [];

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // discord.js encodes `@original` as %40original; Discord accepts both.
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const { body, files, uploads } = await readBody(req);
    const auth = req.headers.authorization;
    const found = route(method, path);
    const result = answer(found, auth, method, path, body);
    calls.push({
      method,
      path,
      auth,
      body,
      files,
      ...(uploads ? { uploads } : {}),
      status: result.status,
      at: Date.now(),
    });
    res.writeHead(result.status, {
      ...result.headers,
      ...(result.json === undefined ? {} : { 'content-type': 'application/json' }),
    });
    res.end(result.json === undefined ? undefined : JSON.stringify(result.json));
  }

  function answer(
    found: ReturnType<typeof route>,
    auth: string | undefined,
    method: string,
    path: string,
    body: DiscordCall['body'],
  ): RouteResult {
    if (!found) return NOT_FOUND;
    if (found.needsAuth && auth !== `Bot ${state.token}`) return UNAUTHORIZED;
    const failure = failures.find((f) => f.times > 0 && f.method === method && f.path.test(path));
    if (failure) {
      failure.times -= 1;
      return failureResult(failure.failure);
    }
    return found.handler(state, found.params, body);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 0, message: String(error) }));
    });
  });
  server.on('upgrade', (req, socket, head: Buffer) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const waitFor = async <T>(probe: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls so far:\n${summary(calls)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token: state.token,
    applicationId: state.applicationId,
    guildId,
    calls,
    gatewayOps: gateway.received,
    connections: () => gateway.readyCount(),
    dispatch: (t, d) => {
      if (t === 'INTERACTION_CREATE') noteInteraction(state, d);
      return gateway.dispatch(t, d);
    },
    stored: (channelId) => [...state.stored].filter(([, channel]) => channel === channelId).map(([id]) => id),
    dmChannel: (userId) => dmChannelOf(state, userId),
    fail: (method, path, failure, times = 1) => void failures.push({ method, path, failure, times }),
    messages: () =>
      calls.filter((call) => call.status < 300 && MESSAGE_CALL.test(`${call.method} ${call.path}`)).map(toSent),
    waitFor,
    waitForCalls: (method, path, count, timeoutMs) => {
      const matching = () => calls.filter((call) => call.method === method && path.test(call.path));
      return waitFor(() => matching().length >= count && matching(), `${count} × ${method} ${String(path)}`, timeoutMs);
    },
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Where an interaction's answers will live: its channel, and for a press the message that was pressed.
function noteInteraction(state: RestState, d: unknown): void {
  const it = d as { token?: string; channel_id?: string; message?: { id?: string } };
  if (it.token === undefined || it.channel_id === undefined) return;
  const pressed = it.message?.id;
  state.interactions.set(it.token, { channelId: it.channel_id, ...(pressed ? { messageId: pressed } : {}) });
}

function toSent(call: DiscordCall): SentMessage {
  const body = (Array.isArray(call.body) ? {} : (call.body ?? {})) as Record<string, unknown>;
  const rows = Array.isArray(body.components) ? (body.components as { components?: Record<string, unknown>[] }[]) : [];
  const items = rows.flatMap((row) => row.components ?? []);
  return {
    call,
    content: typeof body.content === 'string' ? body.content : '',
    flags: typeof body.flags === 'number' ? body.flags : 0,
    buttons: items.filter((item) => item.type === 2) as SentMessage['buttons'],
    selects: items.filter((item) => item.type === 3) as SentMessage['selects'],
    allowedMentions: body.allowed_mentions,
  };
}

function summary(calls: readonly DiscordCall[]): string {
  return calls
    .map((call) => `  ${call.status} ${call.method} ${call.path} ${JSON.stringify(call.body)?.slice(0, 160) ?? ''}`)
    .join('\n');
}

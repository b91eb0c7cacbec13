import type { IncomingMessage } from 'node:http';

// The REST half of the local Discord: the routes Steady uses, with Discord's shapes and its JSON errors.

/** One recorded REST call: method, path (without `/api/v10`), parsed JSON body (or multipart `payload_json`). */
export interface DiscordCall {
  method: string;
  path: string;
  /** The Authorization header as sent, if any. */
  auth: string | undefined;
  body: Record<string, unknown> | unknown[] | undefined;
  /** File names of a multipart upload. */
  files: string[];
  /** The uploaded files' bytes, in the order of `files`. */
  uploads?: Buffer[];
  status: number;
  /** When the call arrived (epoch ms). */
  at: number;
}

/** Discord's error JSON, returned with an HTTP status. */
export interface DiscordFailure {
  status: number;
  code: number;
  message: string;
  /** Seconds, for a 429: sent as the Retry-After header and `retry_after` in the body, as Discord does. */
  retryAfter?: number;
}

/** What a route answers. */
export interface RouteResult {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** The answer for an injected failure. */
export function failureResult({ status, code, message, retryAfter }: DiscordFailure): RouteResult {
  if (retryAfter === undefined) return { status, json: { code, message } };
  return {
    status,
    json: { code, message, retry_after: retryAfter, global: false },
    headers: { 'retry-after': String(retryAfter) },
  };
}

/** Shared state of the fake. */
export interface RestState {
  token: string;
  applicationId: string;
  botUser: { id: string; username: string; bot: true; discriminator: string; global_name: null; avatar: null };
  gatewayUrl: () => string;
  /** Interaction token → how it was acknowledged (callback type). */
  acked: Map<string, number>;
  /** DM channel id → user id. */
  dmChannels: Map<string, string>;
  commands: { global: unknown[]; guilds: Map<string, unknown[]> };
  nextId: () => string;
  /** Message id → channel id of every message the bot has in a channel (deleted ones removed). */
  stored: Map<string, string>;
  /** Interaction token → the channel it came from and, for a button press, the message pressed. */
  interactions: Map<string, { channelId: string; messageId?: string }>;
}

type Handler = (state: RestState, params: string[], body: DiscordCall['body']) => RouteResult;

const error = (status: number, code: number, message: string): RouteResult => ({ status, json: { code, message } });
const unknownWebhook = (): RouteResult => error(404, 10015, 'Unknown Webhook');

/** Routes as `METHOD regex`; captured groups are passed as params. Order matters only for overlaps. */
const ROUTES: [string, RegExp, boolean, Handler][] = [
  [
    'GET',
    /^\/gateway\/bot$/,
    true,
    (s) => ({
      status: 200,
      json: {
        url: s.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    }),
  ],
  ['GET', /^\/users\/@me$/, true, (s) => ({ status: 200, json: s.botUser })],
  ['PUT', /^\/applications\/(\d+)\/commands$/, true, (s, [app], body) => saveCommands(s, app, undefined, body)],
  [
    'PUT',
    /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
    true,
    (s, [app, guild], body) => saveCommands(s, app, guild, body),
  ],
  ['GET', /^\/applications\/(\d+)\/commands$/, true, (s) => ({ status: 200, json: s.commands.global })],
  [
    'GET',
    /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
    true,
    (s, [, guild]) => ({ status: 200, json: s.commands.guilds.get(guild ?? '') ?? [] }),
  ],
  ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, false, (s, [, token], body) => callback(s, token ?? '', body)],
  [
    'PATCH',
    /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    false,
    (s, [app, token], body) => webhookMessage(s, app, token, body, true),
  ],
  [
    'DELETE',
    /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    false,
    (s, [app, token]) => webhookGuard(s, app, token) ?? { status: 204 },
  ],
  ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, false, (s, [app, token], body) => webhookMessage(s, app, token, body)],
  ['POST', /^\/users\/@me\/channels$/, true, (s, _p, body) => openDm(s, body)],
  ['GET', /^\/channels\/(\d+)$/, true, (s, [id]) => channel(s, id ?? '')],
  ['DELETE', /^\/channels\/(\d+)\/messages\/(\d+)$/, true, (s, [id, messageId]) => deleteMessage(s, id, messageId)],
  [
    'POST',
    /^\/channels\/(\d+)\/messages$/,
    true,
    (s, [id], body) => ({ status: 200, json: message(s, id ?? '', body) }),
  ],
];

/** Finds the route for a request; `undefined` path means 404. */
export function route(
  method: string,
  path: string,
): { handler: Handler; params: string[]; needsAuth: boolean } | undefined {
  for (const [m, pattern, needsAuth, handler] of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (match) return { handler, params: match.slice(1), needsAuth };
  }
  return undefined;
}

/** Discord's answer for an unknown route. */
export const NOT_FOUND = error(404, 0, '404: Not Found');
/** Discord's answer for a missing or wrong bot token. */
export const UNAUTHORIZED = error(401, 0, '401: Unauthorized');

function saveCommands(
  s: RestState,
  app: string | undefined,
  guild: string | undefined,
  body: DiscordCall['body'],
): RouteResult {
  if (app !== s.applicationId) return error(403, 50001, 'Missing Access');
  if (!Array.isArray(body)) return error(400, 50035, 'Invalid Form Body');
  const saved = body.map((command) => ({
    ...(command as object),
    id: s.nextId(),
    application_id: app,
    version: s.nextId(),
    ...(guild ? { guild_id: guild } : {}),
  }));
  if (guild) s.commands.guilds.set(guild, saved);
  else s.commands.global = saved;
  return { status: 200, json: saved };
}

// Discord accepts exactly one initial response per interaction; a second is error 40060.
function callback(s: RestState, token: string, body: DiscordCall['body']): RouteResult {
  if (s.acked.has(token)) return error(400, 40060, 'Interaction has already been acknowledged.');
  const type = !Array.isArray(body) && typeof body?.type === 'number' ? body.type : 0;
  if (![4, 5, 6, 7, 9].includes(type)) return error(400, 50035, 'Invalid Form Body');
  s.acked.set(token, type);
  return { status: 204 };
}

// Follow-ups and edits only exist for an acknowledged interaction of this application.
function webhookGuard(s: RestState, app: string | undefined, token: string | undefined): RouteResult | undefined {
  if (app !== s.applicationId || token === undefined || !s.acked.has(token)) return unknownWebhook();
  return undefined;
}

// An interaction's messages live in the channel it came from; `@original` is the pressed message, or the reply
// the first edit made of the deferred placeholder, and keeps its id through later edits.
function webhookMessage(
  s: RestState,
  app: string | undefined,
  token: string | undefined,
  body: DiscordCall['body'],
  original = false,
): RouteResult {
  const refused = webhookGuard(s, app, token);
  if (refused) return refused;
  const from = s.interactions.get(token ?? '');
  const channelId = from?.channelId ?? `webhook-${token ?? ''}`;
  const id = original ? from?.messageId : undefined;
  const json = message(s, channelId, body, id);
  if (original && from) from.messageId = String(json.id);
  return { status: 200, json };
}

// The bot deletes its own message; one that is gone, or was never in this channel, is Unknown Message.
function deleteMessage(s: RestState, channelId: string | undefined, messageId: string | undefined): RouteResult {
  if (messageId === undefined || s.stored.get(messageId) !== channelId) return error(404, 10008, 'Unknown Message');
  s.stored.delete(messageId);
  return { status: 204 };
}

function openDm(s: RestState, body: DiscordCall['body']): RouteResult {
  const recipient = !Array.isArray(body) && typeof body?.recipient_id === 'string' ? body.recipient_id : undefined;
  if (recipient === undefined) return error(400, 50035, 'Invalid Form Body');
  return channel(s, dmChannelOf(s, recipient));
}

/** The DM channel id for a user, created on first use (Discord returns the same channel every time). */
export function dmChannelOf(s: RestState, userId: string): string {
  for (const [channelId, user] of s.dmChannels) if (user === userId) return channelId;
  const channelId = s.nextId();
  s.dmChannels.set(channelId, userId);
  return channelId;
}

function channel(s: RestState, id: string): RouteResult {
  const user = s.dmChannels.get(id);
  if (user === undefined) return error(404, 10003, 'Unknown Channel');
  return {
    status: 200,
    json: {
      id,
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: [
        { id: user, username: `user${user.slice(-4)}`, discriminator: '0', global_name: null, avatar: null },
      ],
    },
  };
}

function message(s: RestState, channelId: string, body: DiscordCall['body'], id = s.nextId()): Record<string, unknown> {
  const fields = Array.isArray(body) || body === undefined ? {} : body;
  s.stored.set(id, channelId);
  return {
    id,
    channel_id: channelId,
    type: 0,
    author: s.botUser,
    content: '',
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    components: [],
    ...fields,
  };
}

/** Reads a request body: JSON, or multipart form data with `payload_json` and files. */
export async function readBody(
  req: IncomingMessage,
): Promise<{ body: DiscordCall['body']; files: string[]; uploads?: Buffer[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!type.startsWith('multipart/form-data'))
    return { body: JSON.parse(raw.toString('utf8')) as DiscordCall['body'], files: [] };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: string[] = [];
  const uploads: Buffer[] = [];
  let body: DiscordCall['body'];
  for (const [key, value] of form.entries()) {
    if (key === 'payload_json' && typeof value === 'string') body = JSON.parse(value) as DiscordCall['body'];
    else if (typeof value !== 'string') {
      files.push(value.name);
      uploads.push(Buffer.from(await value.arrayBuffer()));
    }
  }
  return { body, files, uploads };
}

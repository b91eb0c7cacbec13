import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Slack's Web API (https://slack.com/api/<method>), enough for Steady's adapter:
// it answers like Slack (`{ ok: true, ... }` or `{ ok: false, error }`, 429 with Retry-After) and records
// every call with its parsed body, form-encoded or JSON, as @slack/web-api sends it.

/** One recorded call. */
export interface SlackCall {
  method: string;
  /** The parsed body; JSON-looking form values (blocks, view) are parsed too. */
  body: Record<string, unknown>;
  /** The bearer token it came with. */
  token?: string;
  /** What the fake answered. */
  answer: 'ok' | 'error' | 'rate_limited';
  /** The `ts` the fake gave a posted message. */
  ts?: string;
  /** When the call arrived (epoch ms). */
  at: number;
}

/** A failure to answer the next call of a method with, or a delay before answering it normally. */
export type SlackFailure = { rateLimitSeconds: number } | { error: string } | { delayMs: number };

/** The running fake. */
export interface FakeSlackApi {
  /** Base URL for `SLACK_API_URL` / `slackApiUrl`, ending in `/api/`. */
  url: string;
  /** Every call so far, or those of one method. */
  calls(method?: string): SlackCall[];
  /** Resolves once `count` calls of `method` matching `where` were made (polling, with a deadline). */
  waitFor(
    method: string,
    count: number,
    where?: (call: SlackCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackCall[]>;
  /**
   * The next call of `method` (the next one matching `where`, if given) fails (or is slow) this way;
   * queue several to affect several.
   */
  failNext(method: string, failure: SlackFailure, where?: (call: SlackCall) => boolean): void;
  /**
   * Slack's side of an install: the person approved the app in workspace `team`, so `oauth.v2.access` trades
   * `code` (once, with this client's id and secret) for a bot token of that workspace, `xoxb-<team>-fake`.
   */
  grant(code: string, team: string, client: { id: string; secret: string }): void;
  /** The `ts` of the bot's messages still in a channel (posted and not deleted), oldest first. */
  messages(channel: string): string[];
  /** The time zone `users.info` reports for a user (default Europe/Berlin). */
  setTimezone(user: string, tz: string): void;
  /** The locale `users.info` reports for a user when asked with include_locale (default en-US). */
  setLocale(user: string, locale: string): void;
  close(): Promise<void>;
}

const BOT = {
  user_id: 'UBOT0001',
  bot_id: 'BBOT0001',
  team_id: 'T0TEAM01',
  team: 'Test team',
  url: 'https://test.slack.com/',
};

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, { failure: SlackFailure; where: (call: SlackCall) => boolean }[]>();
  const zones = new Map<string, string>();
  const posted = new Map<string, string[]>();
  const grants = new Map<string, { team: string; client: { id: string; secret: string } }>();
  const locales = new Map<string, string>();
  let seq = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const method = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
      const call: SlackCall = {
        method,
        body: parseBody(raw, req.headers['content-type']),
        answer: 'ok',
        at: Date.now(),
        ...token(req),
      };
      calls.push(call);
      const failure = takeFailure(failures.get(method), call);
      if (failure && 'rateLimitSeconds' in failure) {
        call.answer = 'rate_limited';
        return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.rateLimitSeconds) });
      }
      if (failure && 'delayMs' in failure) {
        return void setTimeout(
          () => send(res, 200, answerFor(call, (seq += 1), { zones, locales }, posted, grants)),
          failure.delayMs,
        );
      }
      if (failure) {
        call.answer = 'error';
        return send(res, 200, { ok: false, error: failure.error });
      }
      send(res, 200, answerFor(call, (seq += 1), { zones, locales }, posted, grants));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls: (method) => (method === undefined ? [...calls] : calls.filter((c) => c.method === method)),
    waitFor: (method, count, where = () => true, timeoutMs = 10_000) =>
      poll(
        () => {
          const found = calls.filter((c) => c.method === method && where(c));
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        () =>
          `${count} ${method} call(s); got ${calls.filter((c) => c.method === method).length}: ${calls.map((c) => c.method).join(', ')}`,
      ),
    failNext: (method, failure, where = () => true) =>
      void failures.set(method, [...(failures.get(method) ?? []), { failure, where }]),
    messages: (channel) => [...(posted.get(channel) ?? [])],
    grant: (code, team, client) => void grants.set(code, { team, client }),
    setTimezone: (user, tz) => void zones.set(user, tz),
    setLocale: (user, locale) => void locales.set(user, locale),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The oldest queued failure that applies to this call, removed from the queue.
function takeFailure(
  queued: { failure: SlackFailure; where: (call: SlackCall) => boolean }[] | undefined,
  call: SlackCall,
): SlackFailure | undefined {
  const index = queued?.findIndex((entry) => entry.where(call)) ?? -1;
  return index < 0 ? undefined : queued?.splice(index, 1)[0]?.failure;
}

function answerFor(
  call: SlackCall,
  seq: number,
  { zones, locales }: { zones: Map<string, string>; locales: Map<string, string> },
  posted: Map<string, string[]>,
  grants: Map<string, { team: string; client: { id: string; secret: string } }> = new Map(),
): Record<string, unknown> {
  const body = call.body;
  const ts = `1700000000.${String(seq).padStart(6, '0')}`;
  switch (call.method) {
    case 'auth.test': {
      // A workspace's own token (from an install) speaks for that workspace.
      const team = /^xoxb-(T[A-Z0-9]+)-fake$/.exec(call.token ?? '')?.[1];
      return { ok: true, ...BOT, ...(team ? { team_id: team, bot_id: `B${team}` } : {}) };
    }
    case 'oauth.v2.access':
      return oauthAccess(call, grants);
    case 'chat.postMessage':
      call.ts = ts;
      posted.set(String(body.channel), [...(posted.get(String(body.channel)) ?? []), ts]);
      return {
        ok: true,
        channel: body.channel,
        ts,
        message: { type: 'message', text: body.text, blocks: body.blocks, ts, bot_id: BOT.bot_id },
      };
    // A bot token deletes the app's own messages; one already gone is `message_not_found`.
    case 'chat.delete': {
      const left = posted.get(String(body.channel)) ?? [];
      if (!left.includes(String(body.ts))) return { ok: false, error: 'message_not_found' };
      posted.set(
        String(body.channel),
        left.filter((t) => t !== body.ts),
      );
      return { ok: true, channel: body.channel, ts: body.ts };
    }
    case 'chat.postEphemeral':
      return { ok: true, message_ts: ts };
    case 'chat.update':
      return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
    case 'views.publish':
    case 'views.open':
      return { ok: true, view: { id: `V${seq}`, ...(typeof body.view === 'object' ? body.view : {}) } };
    case 'users.info':
      return {
        ok: true,
        user: {
          id: body.user,
          tz: zones.get(String(body.user)) ?? 'Europe/Berlin',
          tz_offset: 3600,
          is_bot: false,
          ...(String(body.include_locale) === 'true' ? { locale: locales.get(String(body.user)) ?? 'en-US' } : {}),
        },
      };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${String(body.users).replace(/^U/, '')}` } };
    default:
      return { ok: false, error: 'unknown_method' };
  }
}

// A code is good once, for the client it was issued to; the answer has oauth.v2.access's shape for a bot install.
function oauthAccess(
  call: SlackCall,
  grants: Map<string, { team: string; client: { id: string; secret: string } }>,
): Record<string, unknown> {
  const { code, client_id: id, client_secret: secret } = call.body;
  const grant = grants.get(String(code));
  if (grant === undefined) return { ok: false, error: 'invalid_code' };
  if (grant.client.id !== id) return { ok: false, error: 'invalid_client_id' };
  if (grant.client.secret !== secret) return { ok: false, error: 'bad_client_secret' };
  grants.delete(String(code));
  return {
    ok: true,
    app_id: 'A0STEADY1',
    authed_user: { id: 'U0INSTALL1' },
    scope: 'chat:write,im:history,im:write,users:read,commands',
    token_type: 'bot',
    access_token: `xoxb-${grant.team}-fake`,
    bot_user_id: 'UBOT0001',
    team: { id: grant.team, name: 'Another team' },
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** Polls `check` every 20 ms until it returns a value, or fails after `timeoutMs` saying what was awaited. */
export async function poll<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  return body;
}

function token(req: IncomingMessage): { token?: string } {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? { token: header.slice(7) } : {};
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

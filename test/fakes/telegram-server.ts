import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelegramMethods, type ApiResult, type FakeState } from './telegram-methods.js';
import { readParams, type FakeParams } from './telegram-request.js';
import {
  callbackUpdate,
  DEFAULT_USER,
  toApiMessage,
  typedEntities,
  type FakeUser,
  type StoredMessage,
} from './telegram-updates.js';

// A local Bot API server: `/bot<token>/<method>` with the real request and response shapes, so the
// adapter runs unchanged against it (grammY's `client.apiRoot`).

/** One recorded Bot API call. */
export interface RecordedCall {
  method: string;
  params: FakeParams;
  status: number;
  response: ApiResult;
  /** The client hung up before the answer was written (e.g. the process died mid-call). */
  abandoned: boolean;
  /** When the fake answered (epoch ms). */
  at: number;
}

/** A failure to return on demand instead of running a method. */
export type FakeFailure =
  | { type: 'rateLimit'; retryAfter: number }
  | { type: 'blocked' }
  | { type: 'error'; code: number; description: string }
  /** The method runs (a message is stored and shown), then the connection drops before the answer. */
  | { type: 'lostResponse' };

/** The fake and its controls. */
export interface FakeTelegram {
  /** What to pass as `TELEGRAM_API_ROOT`. */
  apiRoot: string;
  token: string;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Resolves once `count` calls of `method` have been answered (polling with a deadline). */
  waitFor(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /**
   * Resolves once `count` calls of `method` (those whose parameters pass `where`, if given) have arrived,
   * answered or not (for calls held with `hold`).
   */
  waitForArrival(
    method: string,
    count: number,
    timeoutMs?: number,
    where?: (params: FakeParams) => boolean,
  ): Promise<string[]>;
  /** Queues a raw update for getUpdates; an `update_id` is assigned when missing. Returns the update. */
  push(update: Record<string, unknown>): Record<string, unknown>;
  /** The user types `text` in their private chat (or in `chatType` chat `chatId`). */
  say(text: string, options?: { user?: FakeUser; chatId?: number; chatType?: string }): Record<string, unknown>;
  /** The user sends something that is not text, e.g. `{ sticker: {...} }`. */
  send(content: Record<string, unknown>, options?: { user?: FakeUser }): Record<string, unknown>;
  /** The user presses the newest button whose label matches; `data` overrides the callback data (forgery). */
  press(label: RegExp, options?: { user?: FakeUser; data?: string }): Record<string, unknown>;
  /** The next `times` calls of `method` (those whose parameters pass `where`, if given) fail with `failure`. */
  fail(method: string, failure: FakeFailure, times?: number, where?: (params: FakeParams) => boolean): void;
  /** Every answer to `method` waits `ms` first. */
  hold(method: string, ms: number): void;
  /** Every message to this chat is refused with 403, as after the user blocked the bot. */
  block(chatId: number): void;
  /** Moves every message in a chat `seconds` into the past, as if it had been sent that much earlier. */
  age(chatId: number, seconds: number): void;
  /** The messages in a chat, oldest first. */
  chat(chatId: number): StoredMessage[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeTelegram(token = '123456:TEST-token'): Promise<FakeTelegram> {
  const state: FakeState = {
    messages: [],
    updates: [],
    nextUpdateId: 100,
    nextMessageId: 1,
    queries: new Map(),
    blocked: new Set(),
    webhook: '',
    waiters: new Set(),
    now: () => Math.floor(Date.now() / 1000),
  };
  const methods = createTelegramMethods(state);
  const calls: RecordedCall[] = [];
  const failures = new Map<string, { failure: FakeFailure; where: (params: FakeParams) => boolean }[]>();
  const holds = new Map<string, number>();
  const arrivals: { method: string; params: FakeParams }[] = [];

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    if (!match) return reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    const params = await readParams(req);
    const method = match[2] ?? '';
    arrivals.push({ method, params });
    const response: ApiResult | 'lost' =
      match[1] !== token
        ? { ok: false, error_code: 401, description: 'Unauthorized' }
        : await answer(method, params, req);
    if (response === 'lost') {
      req.socket.destroy();
      const lost = failureResult({ type: 'lostResponse' });
      calls.push({ method, params, status: 0, response: lost, abandoned: true, at: Date.now() });
      return;
    }
    const delay = holds.get(method) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const abandoned = res.destroyed || req.socket.destroyed;
    if (!abandoned) reply(res, response);
    calls.push({ method, params, status: statusOf(response), response, abandoned, at: Date.now() });
  }

  async function answer(method: string, params: FakeParams, req: IncomingMessage): Promise<ApiResult | 'lost'> {
    const failure = takeFailure(failures.get(method), params);
    if (failure?.type === 'lostResponse') {
      await methods[method]?.(params, req);
      return 'lost';
    }
    if (failure) return failureResult(failure);
    const chatId = Number(params.chat_id);
    if (state.blocked.has(chatId) && /^(send|edit)/.test(method)) return failureResult({ type: 'blocked' });
    const run = methods[method];
    if (!run) return { ok: false, error_code: 404, description: 'Not Found: method not found' };
    return run(params, req);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) =>
      reply(res, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const push = (update: Record<string, unknown>): Record<string, unknown> => {
    const id = typeof update.update_id === 'number' ? update.update_id : state.nextUpdateId;
    state.nextUpdateId = Math.max(state.nextUpdateId, id + 1);
    const full = { ...update, update_id: id };
    state.updates.push(full);
    for (const wake of state.waiters) wake();
    return full;
  };
  const store = (message: StoredMessage): StoredMessage => (state.messages.push(message), message);

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    waitFor: (method, count, timeoutMs = 8000) =>
      waitFor(() => calls.filter((c) => c.method === method), count, timeoutMs, method),
    waitForArrival: (method, count, timeoutMs = 8000, where = () => true) =>
      waitFor(
        () => arrivals.filter((a) => a.method === method && where(a.params)).map((a) => a.method),
        count,
        timeoutMs,
        method,
      ),
    push,
    say(text, options = {}) {
      const user = options.user ?? DEFAULT_USER;
      const message = store({
        message_id: state.nextMessageId++,
        chatId: options.chatId ?? user.id,
        chatType: options.chatType ?? 'private',
        fromBot: false,
        date: state.now(),
        text,
        entities: typedEntities(text),
      });
      return push({ message: toApiMessage(message, user) });
    },
    send(content, options = {}) {
      const user = options.user ?? DEFAULT_USER;
      const message = store({
        message_id: state.nextMessageId++,
        chatId: user.id,
        chatType: 'private',
        fromBot: false,
        date: state.now(),
        extra: content,
      });
      return push({ message: toApiMessage(message, user) });
    },
    press(label, options = {}) {
      const user = options.user ?? DEFAULT_USER;
      const found = findButton(state.messages, user.id, label);
      const queryId = String(8_000_000 + state.queries.size);
      state.queries.set(queryId, false);
      return push(callbackUpdate(state.nextUpdateId, queryId, user, found.message, options.data ?? found.data));
    },
    fail: (method, failure, times = 1, where = () => true) =>
      failures.set(method, [
        ...(failures.get(method) ?? []),
        ...Array.from({ length: times }, () => ({ failure, where })),
      ]),
    hold: (method, ms) => void holds.set(method, ms),
    block: (chatId) => void state.blocked.add(chatId),
    chat: (chatId) => state.messages.filter((m) => m.chatId === chatId),
    age: (chatId, seconds) => {
      for (const message of state.messages) if (message.chatId === chatId) message.date -= seconds;
    },
    close: () =>
      new Promise((resolve) => {
        for (const wake of state.waiters) wake();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function findButton(
  messages: readonly StoredMessage[],
  chatId: number,
  label: RegExp,
): { message: StoredMessage; data: string } {
  for (const message of [...messages].reverse()) {
    if (message.chatId !== chatId) continue;
    const button = message.reply_markup?.inline_keyboard
      .flat()
      .find((b) => label.test(b.text) && b.callback_data !== undefined);
    if (button?.callback_data !== undefined) return { message, data: button.callback_data };
  }
  const shown = messages
    .filter((m) => m.chatId === chatId)
    .flatMap((m) => m.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? []);
  throw new Error(`no button matching ${String(label)} in chat ${chatId}; buttons on screen: ${JSON.stringify(shown)}`);
}

// The oldest queued failure that applies to this call, removed from the queue.
function takeFailure(
  queued: { failure: FakeFailure; where: (params: FakeParams) => boolean }[] | undefined,
  params: FakeParams,
): FakeFailure | undefined {
  const index = queued?.findIndex((entry) => entry.where(params)) ?? -1;
  return index < 0 ? undefined : queued?.splice(index, 1)[0]?.failure;
}

function failureResult(failure: FakeFailure): ApiResult {
  switch (failure.type) {
    case 'rateLimit':
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      };
    case 'blocked':
      return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    case 'error':
      return { ok: false, error_code: failure.code, description: failure.description };
    case 'lostResponse':
      return { ok: false, error_code: 0, description: 'connection dropped before the answer' };
  }
}

function statusOf(result: ApiResult): number {
  return result.ok ? 200 : result.error_code;
}

function reply(res: ServerResponse, result: ApiResult): void {
  res.writeHead(statusOf(result), { 'content-type': 'application/json' }).end(JSON.stringify(result));
}

async function waitFor<T>(read: () => T[], count: number, timeoutMs: number, what: string): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = read();
    if (found.length >= count) return found;
    if (Date.now() > deadline)
      throw new Error(`expected ${count} ${what} call(s) within ${timeoutMs} ms, saw ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

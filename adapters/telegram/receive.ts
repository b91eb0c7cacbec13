import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { HttpRoutes } from '../http/server.js';

/** grammY types its abort signals with a shim of its own; the platform's AbortSignal is what it gets at run time. */
export type GrammySignal = Parameters<Bot['init']>[0];

/** How updates reach the bot: long polling or a webhook. */
export interface Receiver {
  /** `signal` aborts a registration that takes too long. */
  start(signal?: GrammySignal): Promise<void>;
  /** Stops taking new updates (the adapter then waits for those already taken). */
  stop(): Promise<void>;
}

/** The update types Steady reads: messages, their edits (screened for safety only, see to-inbound.ts) and presses. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/**
 * Thrown by the update handler when the update should be answered later: the webhook then answers 503, and
 * Telegram delivers the update again (to this or another instance) instead of the user being told to retry.
 */
export class RedeliverLater extends Error {
  constructor() {
    super('the update is to be delivered again later');
    this.name = 'RedeliverLater';
  }
}

/** The path Telegram posts updates to in webhook mode. */
export const WEBHOOK_PATH = '/telegram/webhook';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
// Real updates are a few kilobytes; anything far larger is not from Telegram.
const MAX_BODY_BYTES = 1_000_000;

/** Long polling through grammY's runner (concurrent across users, ordered per user by `sequentialize`). */
export function createPollingReceiver(bot: Bot): Receiver {
  let runner: RunnerHandle | undefined;
  return {
    async start(signal) {
      // getUpdates is refused while a webhook is set, e.g. after switching modes.
      await bot.api.deleteWebhook(undefined, signal);
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
    },
    async stop() {
      // Aborts the pending getUpdates; the runner does not wait for updates still being handled.
      if (runner?.isRunning()) await runner.stop();
    },
  };
}

/** Options of {@link createWebhookReceiver}. */
export interface WebhookOptions {
  url: string;
  secret: string;
  http: HttpRoutes;
}

/** Webhook mode: `POST /telegram/webhook` on the app's HTTP port, checked against the secret token first. */
export function createWebhookReceiver(bot: Bot, options: WebhookOptions): Receiver {
  let accepting = false;
  const expected = Buffer.from(options.secret, 'utf8');

  options.http.add('POST', WEBHOOK_PATH, async (req, res) => {
    if (!secretMatches(req.headers[SECRET_HEADER], expected)) return refuse(res, 401);
    // Telegram retries a 503 later, so updates that arrive while stopping are not lost.
    if (!accepting) return refuse(res, 503);
    // Telegram posts JSON; anything else is not from Telegram, whatever it carries.
    if (!isJson(req.headers['content-type'])) return refuse(res, 415);
    const body = await readBody(req);
    if (body === undefined) return refuse(res, 413);
    const update = parseUpdate(body);
    if (update === undefined) return end(res, 400);
    // Answered after the turn, so Telegram redelivers an update whose handling was cut short.
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      // Logged by the bot's error handler, never by the HTTP server: the error carries the update's text.
      if (!(error instanceof BotError)) throw error;
      // The body was read, so the connection stays open for Telegram's next update.
      if (error.error instanceof RedeliverLater) return end(res, 503);
      await bot.errorHandler(error);
    }
    end(res, 200);
  });

  return {
    async start(signal) {
      await bot.api.setWebhook(
        options.url,
        { secret_token: options.secret, allowed_updates: [...ALLOWED_UPDATES] },
        signal,
      );
      accepting = true;
    },
    async stop() {
      // The webhook stays registered: other instances behind the same URL keep serving.
      // Updates already taken are waited for by the adapter, which tracks every update in flight.
      accepting = false;
    },
  };
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Only the envelope is checked here; the update itself is validated by the mapper (toInbound).
function parseUpdate(body: string): Update | undefined {
  try {
    const value: unknown = JSON.parse(body);
    const isUpdate =
      typeof value === 'object' && value !== null && 'update_id' in value && Number.isInteger(value.update_id);
    return isUpdate ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}

// The body is left unread on purpose; closing the connection keeps a large unwanted upload from lingering.
function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ ok: false }));
}

function end(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
}

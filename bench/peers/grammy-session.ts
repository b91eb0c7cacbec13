import { Bot, session, type Context, type SessionFlavor } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { Redis } from 'ioredis';
import { BOT_INFO, createFakeApi, FAKE_TOKEN, type ApiCalls } from './telegram.js';

/** The peer's session: one counter per chat, bumped once per message. */
export interface CounterSession {
  count: number;
}

/** A counting bot driven offline; `calls` counts the API calls the fakes answered. */
export interface SessionBot {
  bot: Bot<Context & SessionFlavor<CounterSession>>;
  calls: ApiCalls;
}

/** Options of {@link createSessionBot}. */
export interface SessionBotOptions {
  /** The session lives here, through `@grammyjs/storage-redis`. */
  redis: Redis;
  /** Key prefix shared by every bot instance of one deployment (they must see the same sessions). */
  prefix: string;
  /** How long the fake `sendMessage` takes; the handler awaits it between reading and writing the session. */
  apiLatencyMs?: number;
  /** Installs `sequentialize` (@grammyjs/runner) by chat before the session, as grammY's docs advise. */
  sequential?: boolean;
}

/**
 * grammY's documented session setup over Redis (without `sequentialize` unless asked): the session is
 * read before the handler, and written back after it. The handler bumps the counter and awaits a reply, as a real bot
 * that acknowledges the message would.
 */
export function createSessionBot(options: SessionBotOptions): SessionBot {
  const api = createFakeApi({ latencyMs: options.apiLatencyMs ?? 0 });
  const bot = new Bot<Context & SessionFlavor<CounterSession>>(FAKE_TOKEN, {
    botInfo: BOT_INFO,
    client: { fetch: api.fetch },
  });
  bot.api.config.use(api.transformer);
  // In-process only: the constraint map lives in this bot's memory, so it orders nothing across instances.
  if (options.sequential) bot.use(sequentialize((ctx) => ctx.chatId?.toString()));
  const storage = new RedisAdapter<CounterSession>({ instance: options.redis });
  bot.use(session({ storage, initial: () => ({ count: 0 }), prefix: options.prefix }));
  bot.on('message:text', async (ctx) => {
    ctx.session.count += 1;
    await ctx.reply(`Noted (${ctx.session.count}).`);
  });
  bot.catch((error) => {
    throw error.error;
  });
  return { bot, calls: api.calls };
}

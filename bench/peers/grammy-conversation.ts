import { Bot, type Context } from 'grammy';
import {
  conversations,
  createConversation,
  type Conversation,
  type ConversationData,
  type ConversationFlavor,
  type VersionedState,
} from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { Redis } from 'ioredis';
import { BOT_INFO, createFakeApi, FAKE_TOKEN, inlineKeyboard, type ApiCalls } from './telegram.js';

/** One message the peer sends: its text and the labels of its buttons (none for a plain message). */
export interface PeerReply {
  text: string;
  buttons: string[];
}

/** Options of {@link createConversationBot}. */
export interface ConversationBotOptions {
  /** The peer keeps its conversation state here, through `@grammyjs/storage-redis`. */
  redis: Redis;
  /** What the bot answers on each turn of the conversation, in order; turn 0 answers `/start`. */
  turns: readonly PeerReply[][];
  /** Key prefix, so several bots can share one Redis without meeting. */
  prefix?: string;
}

/** A grammY bot driven offline; `calls` counts the API calls the fakes answered. */
export interface ConversationBot {
  bot: Bot<ConversationFlavor<Context>>;
  calls: ApiCalls;
  /** The Redis key of a chat's conversation state, to measure what is stored. */
  storageKey(chatId: number): string;
}

const CONVERSATION_ID = 'coach';

/**
 * A grammY bot whose whole coaching journey is one conversations-v2 conversation: `/start` enters it, and
 * each later update resumes it at its next `conversation.waitFor` and sends that turn's scripted replies.
 * This is the idiomatic shape of a long guided dialogue in the plugin (one function, straight-line code,
 * state kept by the plugin in Redis), and the same number of waits and sends as Steady's conversation.
 */
export function createConversationBot(options: ConversationBotOptions): ConversationBot {
  const prefix = options.prefix ?? 'peer:conv:';
  const api = createFakeApi();
  const bot = new Bot<ConversationFlavor<Context>>(FAKE_TOKEN, { botInfo: BOT_INFO, client: { fetch: api.fetch } });
  bot.api.config.use(api.transformer);
  const adapter = new RedisAdapter<VersionedState<ConversationData>>({ instance: options.redis });
  bot.use(conversations({ storage: { type: 'key', prefix, adapter } }));
  bot.use(createConversation(coachConversation(options.turns), CONVERSATION_ID));
  bot.command('start', (ctx) => ctx.conversation.enter(CONVERSATION_ID));
  bot.catch((error) => {
    throw error.error;
  });
  return { bot, calls: api.calls, storageKey: (chatId) => `${prefix}${chatId}` };
}

// The builder is re-run from its first line on every update (the plugin replays it over the recorded
// updates and API results), so it must do the same thing each time: the script is fixed per bot.
function coachConversation(turns: readonly PeerReply[][]) {
  return async (conversation: Conversation<ConversationFlavor<Context>, Context>, ctx: Context): Promise<void> => {
    await answer(ctx, turns[0] ?? []);
    for (let turn = 1; turn < turns.length; turn += 1) {
      const next = await conversation.waitFor(['message:text', 'callback_query:data']);
      await answer(next, turns[turn] ?? []);
    }
  };
}

async function answer(ctx: Context, replies: readonly PeerReply[]): Promise<void> {
  // A button press is acknowledged, as Telegram expects, so the client stops its spinner.
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  for (const reply of replies) {
    const markup = inlineKeyboard(reply.buttons);
    await ctx.reply(reply.text, markup ? { reply_markup: markup } : {});
  }
}

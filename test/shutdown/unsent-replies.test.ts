import { afterEach, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { redisDatabase } from '../schedule/e2e-support.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';

// A turn applied by a process whose replies hung past the shutdown deadline (real entry point, webhook mode, fake
// Bot API, real Redis): the process exits, Telegram delivers the update again to the next process, and the user
// ends up with exactly one copy of every reply: the one under way is not repeated, the ones never sent are sent.

const TOKEN = '464646:unsent-replies';
const HOOK_SECRET = 'unsent-replies-secret-0123456789';
const SECRET = appSecret();
const REDIS_URL = redisDatabase(inject('redisUrl'), 12);
const USER = 5_573_001;
const AGE_QUESTION = /are you 18 or older\?/;

let fake: FakeTelegram | undefined;
const apps: AppProcess[] = [];

afterEach(async () => {
  await Promise.all(apps.map((app) => app.stop(2000)));
  apps.length = 0;
  await fake?.close();
  fake = undefined;
});

async function start(apiRoot: string): Promise<AppProcess> {
  const app = await startApp({
    env: {
      REDIS_URL,
      STEADY_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://steady.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: HOOK_SECRET,
      SHUTDOWN_DEADLINE_SECONDS: '1',
    },
  });
  apps.push(app);
  return app;
}

const update = {
  update_id: 91_001,
  message: {
    message_id: 17,
    date: Math.floor(Date.now() / 1000),
    text: '/start',
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    from: { id: USER, is_bot: false, first_name: 'Sam', language_code: 'en' },
    chat: { id: USER, first_name: 'Sam', type: 'private' },
  },
};

/** Telegram posting the update to a process's webhook; a process that dies mid-way counts as status 0. */
function deliver(app: AppProcess): Promise<number> {
  return fetch(`http://127.0.0.1:${app.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': HOOK_SECRET },
    body: JSON.stringify(update),
  }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.status;
    },
    () => 0,
  );
}

describe('replies hung past the shutdown deadline (real entry point)', () => {
  it('should be sent by the redelivery to the next process, each exactly once', async () => {
    fake = await startFakeTelegram(TOKEN);
    const first = await start(fake.apiRoot);
    // Telegram takes the first reply and then never answers, far past the one-second deadline.
    fake.hold('sendMessage', 6000);
    const firstDelivery = deliver(first);
    await fake.waitForArrival('sendMessage', 1, 10_000, (params) => Number(params.chat_id) === USER);
    expect(await first.stop(10_000)).toBe(1);
    // The webhook request got no 200, so Telegram delivers the update again.
    expect(await firstDelivery).not.toBe(200);
    expect(first.stderr()).toContain('replies not confirmed sent are left for the redelivery');

    fake.hold('sendMessage', 0);
    const second = await start(fake.apiRoot);
    expect(await deliver(second)).toBe(200);

    const texts = fake
      .chat(USER)
      .filter((message) => message.fromBot)
      .map((message) => message.text ?? '');
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.filter((text) => AGE_QUESTION.test(text))).toHaveLength(1);
    // Exactly one of each: the reply under way at the deadline reached the chat and was not repeated.
    expect(new Set(texts).size).toBe(texts.length);
    expect(second.stderr()).toContain('redelivery sends replies never sent');
    // The same update once more: everything was confirmed, so nothing is sent.
    expect(await deliver(second)).toBe(200);
    expect(fake.chat(USER).filter((message) => message.fromBot)).toHaveLength(texts.length);
  });
});

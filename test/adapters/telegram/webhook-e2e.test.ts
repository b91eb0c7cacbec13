import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';

// Webhook mode through the real entry point (fake Bot API, real Redis): what Telegram posts is checked
// before it is read.

const TOKEN = '494949:webhook-e2e';
const SECRET = 'webhook-e2e-secret-0123456789';
let fake: FakeTelegram;
let app: AppProcess;

beforeAll(async () => {
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: {
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://steady.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      STEADY_USER_BURST: '5',
      STEADY_USER_PER_MINUTE: '6',
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function update(updateId: number, userId: number, text: string): Record<string, unknown> {
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length }] : [];
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      text,
      entities,
      from: { id: userId, is_bot: false, first_name: 'Sam', language_code: 'en' },
      chat: { id: userId, first_name: 'Sam', type: 'private' },
    },
  };
}

/** Posts `body` to the webhook as Telegram would, with the secret; `type` overrides the content type. */
async function post(body: unknown, type = 'application/json'): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${app.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

const toChat = (chat: number) => (params: Record<string, unknown>) => Number(params.chat_id) === chat;

describe('telegram webhook (real entry point)', () => {
  it('should refuse an update sent as text/plain with 415, processing nothing', async () => {
    expect(await post(update(7001, 5553001, '/start'), 'text/plain')).toBe(415);
    expect(await post(update(7002, 5553001, '/start'), 'application/json; charset=utf-8')).toBe(200);
    await fake.waitFor('sendMessage', 1);
    const sent = fake.callsOf('sendMessage').filter((c) => toChat(5553001)(c.params));
    expect(sent.filter((c) => /I'm Steady/.test(String(c.params.text)))).toHaveLength(1);
  });

  it('should answer a flood from one user with one "slow down", drop the rest, and still answer others', async () => {
    const flooder = 5553002;
    const other = 5553003;
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post(update(8000 + i, flooder, `message ${i}`))),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await post(update(9000, other, '/start'))).toBe(200);
    await expect
      .poll(() => fake.callsOf('sendMessage').filter((c) => toChat(other)(c.params)).length, { timeout: 8000 })
      .toBeGreaterThan(0);
    const toFlooder = fake.callsOf('sendMessage').filter((c) => toChat(flooder)(c.params));
    const slowDowns = toFlooder.filter((c) => /Please slow down/.test(String(c.params.text)));
    expect(slowDowns).toHaveLength(1);
    // Five turns taken (a few messages each at most), not three hundred.
    expect(toFlooder.length).toBeLessThanOrEqual(5 * 3 + 1);
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    expect(metrics).toMatch(/steady_limited_total\{platform="telegram",scope="user"\} 295/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';

// One update delivered to two instances while Redis is down (two processes of the real entry point, webhook mode,
// fake Bot API, a Redis of their own that is killed): neither tells the user to try again; both answer 503 so
// Telegram delivers the update again, and after the outage it is answered once. A crisis message is answered at once.

const TOKEN = '434343:outage-redelivery';
const HOOK_SECRET = 'outage-redelivery-secret-0123456789';
const TRY_AGAIN = /Please try again in a minute/;
const WELCOME = /I'm Steady/;

let fake: FakeTelegram | undefined;
let redis: RedisServerHandle | undefined;
const apps: AppProcess[] = [];

afterEach(async () => {
  await Promise.all(apps.map((app) => app.stop(2000)));
  apps.length = 0;
  await fake?.close();
  await redis?.stop();
  [fake, redis] = [undefined, undefined];
});

function update(updateId: number, userId: number, text: string): Record<string, unknown> {
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : [];
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

async function deliver(app: AppProcess, body: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${app.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': HOOK_SECRET },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

const botTexts = (chat: number): string[] =>
  (fake?.chat(chat) ?? []).filter((message) => message.fromBot).map((message) => message.text ?? '');

describe('an update delivered to two instances during a Redis outage', () => {
  it('should get no "try again" from either, and one answer once Redis is back', async () => {
    redis = await startRedisServer();
    fake = await startFakeTelegram(TOKEN);
    const env = {
      REDIS_URL: redis.url,
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://steady.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: HOOK_SECRET,
    };
    const [one, two] = await Promise.all([startApp({ env }), startApp({ env })]);
    if (one === undefined || two === undefined) throw new Error('two instances expected');
    apps.push(one, two);
    const user = 5_574_001;
    const inCrisis = 5_574_002;

    await redis.kill();
    const start = update(92_001, user, '/start');
    expect(await Promise.all([deliver(one, start), deliver(two, start)])).toEqual([503, 503]);
    // A crisis cannot wait for the redelivery: its answer goes out now, and the update is still handed back.
    expect(await deliver(one, update(92_002, inCrisis, 'I want to kill myself tonight'))).toBe(503);
    expect(botTexts(inCrisis).length).toBeGreaterThan(0);
    expect(botTexts(user)).toEqual([]);
    expect([...botTexts(inCrisis)].some((text) => TRY_AGAIN.test(text))).toBe(false);

    await redis.restart();
    // Both instances say they are ready again once they have Redis back (on a busy machine this takes a while).
    for (const app of [one, two]) {
      const ready = (): Promise<number> => fetch(`http://127.0.0.1:${app.port}/readyz`).then((r) => r.status);
      await expect.poll(ready, { timeout: 60_000, interval: 250 }).toBe(200);
    }
    // Telegram delivers again until it gets a 200, to either instance (here both, as it may).
    const redelivered = { timeout: 30_000, interval: 500 };
    await expect.poll(() => deliver(one, start), redelivered).toBe(200);
    await expect.poll(() => deliver(two, start), redelivered).toBe(200);
    const texts = botTexts(user);
    expect(texts.filter((text) => WELCOME.test(text))).toHaveLength(1);
    expect(texts.some((text) => TRY_AGAIN.test(text))).toBe(false);
    expect(new Set(texts).size).toBe(texts.length);
  }, 180_000);
});

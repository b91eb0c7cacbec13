import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import type { FakeUser } from '../fakes/telegram-updates.js';
import { redisDatabase } from '../schedule/e2e-support.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';
import { redisStore } from '../support/engine.js';
import { startRedisCutProxy, type RedisCutProxy } from '../support/redis-cut-proxy.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import type { SessionStore } from '../../src/session/store.js';

// A commit Redis applied whose answer was lost (real entry point, fake Bot API, real Redis behind a proxy that
// drops the connection once the commit script has run): the user is answered as for any applied turn, never told
// the message "wasn't recorded", so they do not send it again and have it applied twice, to the next question.

const TOKEN = '414141:ambiguous-commit';
const SECRET = appSecret();
const REDIS_URL = redisDatabase(inject('redisUrl'), 10);
const NOT_RECORDED = /wasn't recorded/;
const AGE_QUESTION = /are you 18 or older\?/;
// The commit script's call: it names the user's state key among its arguments.
const COMMIT = /\beval(sha)?\r\n[\s\S]*steady:\{u:[^}]+\}:state/i;
const user: FakeUser = { id: 5_575_001, first_name: 'Jo', language_code: 'en' };

let fake: FakeTelegram;
let proxy: RedisCutProxy;
let app: AppProcess;
let store: SessionStore;

beforeAll(async () => {
  proxy = await startRedisCutProxy(REDIS_URL);
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: { REDIS_URL: proxy.url, STEADY_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot },
  });
  store = await redisStore(REDIS_URL, SECRET);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await proxy?.close();
  await store?.close();
});

const botTexts = (): string[] =>
  fake
    .chat(user.id)
    .filter((m) => m.fromBot)
    .map((m) => m.text ?? '');

describe('a commit whose answer was lost (real entry point)', () => {
  it('should be answered as applied, once, after asking Redis', async () => {
    proxy.cutAfter(COMMIT);
    fake.say('/start', { user });
    await expect.poll(() => botTexts().some((text) => AGE_QUESTION.test(text)), { timeout: 15_000 }).toBe(true);
    expect(proxy.cuts()).toBe(1);
    expect(botTexts().some((text) => NOT_RECORDED.test(text))).toBe(false);
    const key = createUserKeyer(SECRET)('telegram', String(user.id));
    expect((await store.load(key)).rev).toBe(1);
    expect(app.stderr()).not.toContain('store unavailable');
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONVERSATION_TTL_SECONDS } from '../../src/core/state.js';
import { createUserKeyer, userKeyPrefix } from '../../src/session/user-key.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import type { FakeUser, StoredMessage } from '../fakes/telegram-updates.js';

// A user whose stored state cannot be read can still erase it and start over, through the real entry point.

const TOKEN = '424243:erasure-token';
const secret = appSecret();
const keyOf = (user: FakeUser): string =>
  `${userKeyPrefix(createUserKeyer(secret)('telegram', String(user.id)))}:state`;
const ana: FakeUser = { id: 5551001, first_name: 'Ana', language_code: 'en' };
const ben: FakeUser = { id: 5551002, first_name: 'Ben', language_code: 'en' };
const cy: FakeUser = { id: 5551003, first_name: 'Cy', language_code: 'en' };

let fake: FakeTelegram;
let app: AppProcess;
let admin: Redis;

beforeAll(async () => {
  admin = new Redis(inject('redisUrl'));
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: {
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: secret,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await admin?.quit();
});

const fromBot = (user: FakeUser): StoredMessage[] => fake.chat(user.id).filter((m) => m.fromBot);

async function answered(user: FakeUser, pattern: RegExp, after: number): Promise<StoredMessage> {
  let found: StoredMessage | undefined;
  await expect
    .poll(
      () =>
        (found = fromBot(user)
          .slice(after)
          .find((m) => pattern.test(m.text ?? ''))),
      { timeout: 8000, message: `a message matching ${String(pattern)}` },
    )
    .toBeDefined();
  return found as StoredMessage;
}

async function welcomed(user: FakeUser): Promise<void> {
  fake.say('/start', { user });
  await answered(user, /are you 18 or older\?/, 0);
}

const unreadableLogs = (): string[] =>
  app
    .stderr()
    .split('\n')
    .filter((l) => l.includes('stored state cannot be read'));

describe('erasure that always works (real entry point, fake Bot API, real Redis)', () => {
  it('should keep someone who never consented for the conversation window only', async () => {
    await welcomed(cy);
    const ttl = await admin.ttl(keyOf(cy));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(CONVERSATION_TTL_SECONDS);
  });

  it('should offer to start over on a damaged state, log it once with its code, and begin fresh when asked', async () => {
    await welcomed(ana);
    await admin.hset(keyOf(ana), 'data', 'damaged');
    const before = fromBot(ana).length;
    fake.say('hello', { user: ana });
    const offer = await answered(ana, /can't read what I had stored about you/, before);
    expect(offer.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['Start over']);
    fake.say('hello again', { user: ana });
    await answered(ana, /can't read what I had stored about you/, before + 1);
    expect(unreadableLogs()).toHaveLength(1);
    expect(unreadableLogs()[0]).toMatch(/"code":"STEADY_(DECRYPT|STORE_CORRUPT)"/);
    expect(unreadableLogs()[0]).not.toContain('"stack"');

    const pressedAt = fromBot(ana).length;
    fake.press(/^Start over$/, { user: ana });
    await answered(ana, /are you 18 or older\?/, pressedAt);
    expect(await admin.hget(keyOf(ana), 'rev')).toBe('1'); // a fresh state, nothing of the old one kept
    expect(app.stderr()).not.toMatch(/"msg":"turn failed"/);
  });

  it('should erase a state whose field was swapped in from another user on /forget, without reading it', async () => {
    await welcomed(ben);
    await admin.hset(keyOf(ben), 'data', (await admin.hgetBuffer(keyOf(cy), 'data')) ?? '');
    const before = fromBot(ben).length;
    fake.say('/forget', { user: ben });
    await answered(ben, /has been deleted/, before);
    expect(await admin.exists(keyOf(ben))).toBe(0);
    expect(
      fromBot(ben)
        .slice(before)
        .some((m) => /Something went wrong/.test(m.text ?? '')),
    ).toBe(false);
  });
});

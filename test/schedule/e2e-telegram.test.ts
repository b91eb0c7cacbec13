import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from '../fakes/telegram-server.js';
import type { FakeParams } from '../fakes/telegram-request.js';
import type { FakeUser } from '../fakes/telegram-updates.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';
import {
  DAILY_PROMPT,
  dailyPromptDue,
  FOLLOW_UP,
  followUpDue,
  openAppRedis,
  pause,
  punctualUser,
  redisDatabase,
  type AppRedis,
} from './e2e-support.js';

// Scheduled messages end to end on Telegram: the real entry point with its due worker and BullMQ send queue,
// real Redis, and the fake Bot API. A user is seeded due now; one /help from them makes the engine plan them.

const TOKEN = '434343:schedule-e2e';
const SECRET = appSecret();
const REDIS_URL = redisDatabase(inject('redisUrl'), 13);
let fake: FakeTelegram;
let app: AppProcess;
let redis: AppRedis;

beforeAll(async () => {
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: { REDIS_URL, STEADY_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot },
  });
  redis = await openAppRedis(REDIS_URL, SECRET);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await redis?.close();
});

/** A user the worker claims right at their due time (see punctualUser); `base` keeps each test's user apart. */
function userFrom(base: number): FakeUser {
  const id = Number(punctualUser(SECRET, 'telegram', (i) => String(base + i)));
  return { id, first_name: 'Sam', language_code: 'en' };
}

const toChat =
  (user: FakeUser) =>
  (params: FakeParams): boolean =>
    Number(params.chat_id) === user.id;
const saying =
  (user: FakeUser, text: RegExp) =>
  (params: FakeParams): boolean =>
    toChat(user)(params) && text.test(String(params.text));
/** Every sendMessage to the user's chat whose text matches, answered or refused, oldest first. */
const attempts = (user: FakeUser, text: RegExp): RecordedCall[] =>
  fake.callsOf('sendMessage').filter((c) => saying(user, text)(c.params));
const delivered = (user: FakeUser, text: RegExp): RecordedCall[] =>
  attempts(user, text).filter((c) => c.status === 200);

describe('scheduled messages on Telegram (real entry point, fake Bot API, real Redis)', () => {
  it('should send the daily prompt to the private chat once, when it falls due', async () => {
    const user = userFrom(5_561_000_000);
    const key = redis.keyOf('telegram', String(user.id));
    await redis.seed(key, dailyPromptDue());
    fake.say('/help', { user });

    await expect.poll(() => delivered(user, DAILY_PROMPT).length, { timeout: 10_000 }).toBe(1);
    const [prompt] = delivered(user, DAILY_PROMPT);
    expect(prompt?.params).toMatchObject({ parse_mode: 'HTML' });
    expect(JSON.stringify(prompt?.params.reply_markup)).toContain('1 · very low'); // the mood question, with its buttons
    const state = await redis.load(key);
    expect(state.flow?.id).toBe('today');
    expect(state.schedule?.reach).toEqual({ platform: 'telegram', address: String(user.id) });
    expect(state.schedule?.outbox?.map((entry) => entry.id)).toEqual([
      expect.stringMatching(/^day\.\d{4}-\d{2}-\d{2}$/),
    ]);
    await pause(2000); // a second claim or a re-offered outbox would show up here
    expect(attempts(user, DAILY_PROMPT)).toHaveLength(1);
  });

  it('should wait out a 429 with one retry after retry_after, and deliver the follow-up once', async () => {
    const user = userFrom(5_562_000_000);
    const key = redis.keyOf('telegram', String(user.id));
    await redis.seed(key, followUpDue(Date.now() - 1000));
    fake.fail('sendMessage', { type: 'rateLimit', retryAfter: 1 }, 1, saying(user, FOLLOW_UP));
    fake.say('/help', { user });

    await expect.poll(() => delivered(user, FOLLOW_UP).length, { timeout: 10_000 }).toBe(1);
    const [limited, sent] = attempts(user, FOLLOW_UP);
    expect([limited?.status, sent?.status]).toEqual([429, 200]);
    expect((sent?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await pause(2000);
    // One 429 and one retry: no retries inside the SDK, and none left for BullMQ.
    expect(attempts(user, FOLLOW_UP).map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsOf('sendMessage').filter((c) => c.status === 429)).toHaveLength(1);
    expect(app.stderr()).toContain('platform rate limit; send queue paused');
  });

  it('should pause a user who blocked the bot and send them nothing more', async () => {
    const user = userFrom(5_563_000_000);
    const key = redis.keyOf('telegram', String(user.id));
    // A follow-up armed for a few seconds later: it must stay unsent once the prompt is refused.
    const followUpAt = Date.now() + 4000;
    await redis.seed(
      key,
      dailyPromptDue(Date.now(), { timers: { 'contact-followup': { at: followUpAt, flow: 'contact-followup' } } }),
    );
    fake.fail('sendMessage', { type: 'blocked' }, 1, saying(user, DAILY_PROMPT));
    fake.say('/help', { user });

    await expect
      .poll(async () => (await redis.load(key)).settings, { timeout: 10_000 })
      .toMatchObject({ unreachable: true, paused: true });
    expect(Date.now()).toBeLessThan(followUpAt); // else the follow-up below would prove nothing
    const state = await redis.load(key);
    expect(state.schedule?.timers).toHaveProperty('contact-followup'); // still armed, but nothing is planned
    expect(state.schedule?.planned).toBeNull();

    await pause(followUpAt - Date.now() + 2500);
    expect(attempts(user, DAILY_PROMPT).map((c) => c.status)).toEqual([403]);
    expect(attempts(user, FOLLOW_UP)).toEqual([]);
    // Looked at once more when the follow-up was due, found nothing to send, and left the due index.
    expect(await redis.plannedAt(key)).toBeNull();
    expect(fake.calls.filter((c) => c.method !== 'sendMessage' && toChat(user)(c.params))).toEqual([]);
  });

  // Runs last: by now the app has written every kind of key (users, seen ids, the due index, send queues).
  it('should give every key a TTL, or a reason in docs/operations.md', async () => {
    const admin = new Redis(REDIS_URL);
    const undocumented: string[] = [];
    const documented = keysWithoutTtl();
    expect(documented.length).toBeGreaterThan(0);
    try {
      for (const key of await admin.keys('*')) {
        if ((await admin.ttl(key)) !== -1) continue;
        if (!documented.some((pattern) => pattern.test(key))) undocumented.push(key);
      }
    } finally {
      await admin.quit();
    }
    expect(undocumented).toEqual([]);
  });
});

/** The key patterns in the "Keys without a TTL" table of docs/operations.md, as regular expressions. */
function keysWithoutTtl(): RegExp[] {
  const docs = readFileSync('docs/operations.md', 'utf8');
  const section = docs.slice(docs.indexOf('#### Keys without a TTL'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| ---')));
  return [...table.matchAll(/^\| `([^`]+)` \|/gm)].map(
    ([, glob]) => new RegExp(`^${(glob ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
}

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi, type SlackCall } from '../fakes/slack-api.js';
import { createSlackDriver, dmOf, textOf, type SlackDriver } from '../fakes/slack-driver.js';
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

// Scheduled messages end to end on Slack: the real entry point (HTTP mode) with its due worker and BullMQ send
// queue, real Redis, and the local Web API. A user is seeded due now; one `/steady help` in their DM makes the
// engine plan them.

const SIGNING_SECRET = 'slack-signing-secret-for-schedule-e2e-0123';
const SECRET = appSecret();
const REDIS_URL = redisDatabase(inject('redisUrl'), 15);
let api: FakeSlackApi;
let app: AppProcess;
let slack: SlackDriver;
let redis: AppRedis;

beforeAll(async () => {
  api = await startFakeSlackApi();
  app = await startApp({
    env: {
      REDIS_URL,
      STEADY_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-schedule-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
    },
  });
  slack = createSlackDriver(`http://127.0.0.1:${app.port}/slack/events`, SIGNING_SECRET, api);
  redis = await openAppRedis(REDIS_URL, SECRET);
});
afterAll(async () => {
  await app?.stop();
  await api?.close();
  await redis?.close();
});

/** A user whom the worker claims right at their due time (see punctualUser). */
const userFrom = (prefix: string): string =>
  punctualUser(SECRET, 'slack', (i) => `${prefix}${String(i).padStart(5, '0')}`);

/** Every chat.postMessage to the user's DM whose text matches, answered or refused, oldest first. */
const attempts = (user: string, text: RegExp): SlackCall[] =>
  api.calls('chat.postMessage').filter((c) => c.body.channel === dmOf(user) && text.test(textOf(c)));
const delivered = (user: string, text: RegExp): SlackCall[] => attempts(user, text).filter((c) => c.answer === 'ok');

describe('scheduled messages on Slack (real entry point, local Web API, real Redis)', () => {
  it('should post the daily prompt in the DM once, when it falls due', async () => {
    const user = userFrom('U0DAILY');
    const key = redis.keyOf('slack', user);
    await redis.seed(key, dailyPromptDue());
    expect((await slack.command(user, 'help')).status).toBe(200);

    await expect.poll(() => delivered(user, DAILY_PROMPT).length, { timeout: 10_000 }).toBe(1);
    const [prompt] = delivered(user, DAILY_PROMPT);
    expect(JSON.stringify(prompt?.body.blocks)).toContain('1 · very low'); // the mood question, with its buttons
    expect(prompt?.token).toBe('xoxb-schedule-token');
    const state = await redis.load(key);
    expect(state.flow?.id).toBe('today');
    expect(state.schedule?.reach).toEqual({ platform: 'slack', address: `${dmOf(user)}:${user}` });
    await pause(2000); // a second claim or a re-offered outbox would show up here
    expect(attempts(user, DAILY_PROMPT)).toHaveLength(1);
  });

  it('should wait out a 429 with one retry after Retry-After, and post the follow-up once', async () => {
    const user = userFrom('U0LIMIT');
    const key = redis.keyOf('slack', user);
    await redis.seed(key, followUpDue(Date.now() - 1000));
    api.failNext(
      'chat.postMessage',
      { rateLimitSeconds: 1 },
      (c) => c.body.channel === dmOf(user) && FOLLOW_UP.test(textOf(c)),
    );
    expect((await slack.command(user, 'help')).status).toBe(200);

    await expect.poll(() => delivered(user, FOLLOW_UP).length, { timeout: 10_000 }).toBe(1);
    const [limited, sent] = attempts(user, FOLLOW_UP);
    expect([limited?.answer, sent?.answer]).toEqual(['rate_limited', 'ok']);
    expect((sent?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await pause(2000);
    // One 429 and one retry: the scheduled client did not wait it out itself, and BullMQ has nothing left to retry.
    expect(attempts(user, FOLLOW_UP).map((c) => c.answer)).toEqual(['rate_limited', 'ok']);
  });

  it('should pause a user whose account is inactive and post nothing more', async () => {
    const user = userFrom('U0GONE');
    const key = redis.keyOf('slack', user);
    const followUpAt = Date.now() + 4000;
    await redis.seed(
      key,
      dailyPromptDue(Date.now(), { timers: { 'contact-followup': { at: followUpAt, flow: 'contact-followup' } } }),
    );
    api.failNext(
      'chat.postMessage',
      { error: 'account_inactive' },
      (c) => c.body.channel === dmOf(user) && DAILY_PROMPT.test(textOf(c)),
    );
    expect((await slack.command(user, 'help')).status).toBe(200);

    await expect
      .poll(async () => (await redis.load(key)).settings, { timeout: 10_000 })
      .toMatchObject({ unreachable: true, paused: true });
    expect(Date.now()).toBeLessThan(followUpAt); // else the follow-up below would prove nothing
    expect((await redis.load(key)).schedule?.planned).toBeNull();

    await pause(followUpAt - Date.now() + 2500);
    expect(attempts(user, DAILY_PROMPT).map((c) => c.answer)).toEqual(['error']);
    expect(attempts(user, FOLLOW_UP)).toEqual([]);
    expect(await redis.plannedAt(key)).toBeNull();
  });
});

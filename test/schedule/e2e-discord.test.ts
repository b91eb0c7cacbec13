import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDiscordFake, type DiscordCall, type DiscordFake } from '../fakes/discord-fake.js';
import { slashCommand, type Where } from '../fakes/discord-payloads.js';
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

// Scheduled messages end to end on Discord: the real entry point with its due worker and BullMQ send queue,
// real Redis, and the local Discord (REST + gateway). A member is seeded due now; one `/steady help` in their
// DM makes the engine plan them. The command is answered through the interaction webhook, so every
// POST /channels/<dm>/messages is a scheduled send.

const SECRET = appSecret();
const REDIS_URL = redisDatabase(inject('redisUrl'), 14);
let fake: DiscordFake;
let app: AppProcess;
let redis: AppRedis;

beforeAll(async () => {
  fake = await startDiscordFake();
  app = await startApp({
    env: {
      REDIS_URL,
      STEADY_SECRET: SECRET,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    },
  });
  redis = await openAppRedis(REDIS_URL, SECRET);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await redis?.close();
});

/** A member in their DM whom the worker claims right at their due time (see punctualUser). */
function memberFrom(base: bigint): Required<Where> {
  const userId = punctualUser(SECRET, 'discord', (i) => String(base + BigInt(i)));
  return { userId, dmChannel: fake.dmChannel(userId) };
}

/** Every message posted in the member's DM channel, answered or refused, oldest first. */
const posts = (member: Required<Where>): DiscordCall[] =>
  fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${member.dmChannel}/messages`);
const contentOf = (call: DiscordCall): string =>
  String((call.body as { content?: unknown } | undefined)?.content ?? '');
const delivered = (member: Required<Where>, text: RegExp): DiscordCall[] =>
  posts(member).filter((c) => c.status === 200 && text.test(contentOf(c)));

describe('scheduled messages on Discord (real entry point, local Discord, real Redis)', () => {
  it('should post the daily prompt in the DM channel once, when it falls due', async () => {
    const member = memberFrom(1_361_000_000_000_000_000n);
    const key = redis.keyOf('discord', member.userId);
    await redis.seed(key, dailyPromptDue());
    fake.dispatch('INTERACTION_CREATE', slashCommand('help', member));

    await expect.poll(() => delivered(member, DAILY_PROMPT).length, { timeout: 10_000 }).toBe(1);
    const [prompt] = delivered(member, DAILY_PROMPT);
    expect(JSON.stringify(prompt?.body)).toContain('1 · very low'); // the mood question, with its buttons
    expect(prompt?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const state = await redis.load(key);
    expect(state.flow?.id).toBe('today');
    expect(state.schedule?.reach).toEqual({ platform: 'discord', address: member.dmChannel });
    await pause(2000); // a second claim or a re-offered outbox would show up here
    expect(posts(member)).toHaveLength(1);
  });

  it('should wait out a 429 with one retry after Retry-After, and post the follow-up once', async () => {
    const member = memberFrom(1_363_000_000_000_000_000n);
    const key = redis.keyOf('discord', member.userId);
    await redis.seed(key, followUpDue(Date.now() - 1000));
    fake.fail('POST', new RegExp(`^/channels/${member.dmChannel}/messages$`), {
      status: 429,
      code: 0,
      message: 'You are being rate limited.',
      retryAfter: 1,
    });
    fake.dispatch('INTERACTION_CREATE', slashCommand('help', member));

    await expect.poll(() => delivered(member, FOLLOW_UP).length, { timeout: 10_000 }).toBe(1);
    const [limited, sent] = posts(member);
    expect([limited?.status, sent?.status]).toEqual([429, 200]);
    expect((sent?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await pause(2000);
    // One 429 and one retry: discord.js did not wait it out itself, and BullMQ has nothing left to retry.
    expect(posts(member).map((c) => c.status)).toEqual([429, 200]);
  });

  it('should pause a member whose DMs are closed (50007) and post nothing more', async () => {
    const member = memberFrom(1_362_000_000_000_000_000n);
    const key = redis.keyOf('discord', member.userId);
    const followUpAt = Date.now() + 4000;
    await redis.seed(
      key,
      dailyPromptDue(Date.now(), { timers: { 'contact-followup': { at: followUpAt, flow: 'contact-followup' } } }),
    );
    fake.fail('POST', new RegExp(`^/channels/${member.dmChannel}/messages$`), {
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    fake.dispatch('INTERACTION_CREATE', slashCommand('help', member));

    await expect
      .poll(async () => (await redis.load(key)).settings, { timeout: 10_000 })
      .toMatchObject({ unreachable: true, paused: true });
    expect(Date.now()).toBeLessThan(followUpAt); // else the follow-up below would prove nothing
    expect((await redis.load(key)).schedule?.planned).toBeNull();

    await pause(followUpAt - Date.now() + 2500);
    expect(posts(member).map((c) => [c.status, DAILY_PROMPT.test(contentOf(c))])).toEqual([[403, true]]);
    expect(posts(member).filter((c) => FOLLOW_UP.test(contentOf(c)))).toEqual([]);
    expect(await redis.plannedAt(key)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDiscordFake, type DiscordFake, type SentMessage } from '../../fakes/discord-fake.js';
import { componentPress, dmMessage, freshId, slashCommand, type Where } from '../../fakes/discord-payloads.js';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';

// The conversation a member has in DMs, as data: swap the rows when the journeys change.
// `slash` runs `/steady <sub>`, `press` the newest button whose label matches, `type` sends a DM message;
// `expect` must then appear in a message sent after that step; buttons are pressed on the last step's messages.
type Step = ({ slash: string } | { press: RegExp } | { type: string }) & { expect: RegExp };
const CONVERSATION: Step[] = [
  { slash: 'start', expect: /What would you like to do/ },
  { press: /quick check-in/i, expect: /How are you feeling/ },
  { press: /^Angry$/, expect: /What has today held/ },
  { press: /slept badly/i, expect: /Selected so far: I slept badly/ },
  { press: /^Done$/, expect: /one sentence for yourself/ },
  { type: 'Everything annoys me today @everyone **really**', expect: /slow breathing/ },
  { press: /done it/i, expect: /Thank you for checking in/ },
];
const CRISIS = 'I want to end my life';

describe('Discord end to end (real entry point, local Discord, real Redis)', () => {
  let fake: DiscordFake;
  let app: AppProcess;

  beforeAll(async () => {
    fake = await startDiscordFake();
    app = await startApp({
      env: {
        REDIS_URL: inject('redisUrl'), STEADY_SECRET: appSecret(),
        DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl,
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const since = (count: number): SentMessage[] => fake.messages().slice(count);
  const member = (): Where => ({ userId: freshId() });

  it('should answer a slash command in a server channel ephemerally and offer to continue in DMs', async () => {
    const where = member();
    const command = slashCommand('start', where);
    fake.dispatch('INTERACTION_CREATE', command);
    const token = String(command.token);
    const answer = await fake.waitFor(() => fake.messages().filter((m) => m.call.path.includes(token)).find((m) => m.buttons.some((b) => b.custom_id === 'dm')), 'the DM offer');
    expect(fake.calls.find((c) => c.path.includes(`/${token}/callback`))?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(fake.messages().filter((m) => m.call.method === 'POST' && m.call.path.includes(token)).every((m) => m.flags === 64)).toBe(true);
    expect(answer.content).toMatch(/What would you like to do/);
    expect(fake.calls.some((c) => c.path.startsWith('/channels/1270000000000000010'))).toBe(false);

    fake.dispatch('INTERACTION_CREATE', componentPress('dm', where));
    const dm = fake.dmChannel(where.userId);
    await fake.waitFor(() => fake.messages().find((m) => m.call.path === `/channels/${dm}/messages`), 'the DM hello');
  });

  it('should run a whole conversation in DMs with buttons and typed text', async () => {
    const userId = freshId();
    const where = { userId, dmChannel: fake.dmChannel(userId) };
    let previous = 0;
    for (const step of CONVERSATION) {
      const before = fake.messages().length;
      if ('slash' in step) fake.dispatch('INTERACTION_CREATE', slashCommand(step.slash, where));
      else if ('type' in step) fake.dispatch('MESSAGE_CREATE', dmMessage(step.type, where));
      else {
        // A turn's messages arrive one by one: the button may follow the text the last step waited for.
        const customId = await fake.waitFor(() => newestButton(since(previous), step.press), `a button ${String(step.press)}`);
        fake.dispatch('INTERACTION_CREATE', componentPress(customId, where));
      }
      await fake.waitFor(() => since(before).some((m) => step.expect.test(m.content)), `${String(step.expect)} after ${JSON.stringify(step)}`);
      previous = before;
    }
  });

  it('should answer a crisis message', async () => {
    const userId = freshId();
    const where = { userId, dmChannel: fake.dmChannel(userId) };
    const before = fake.messages().length;
    fake.dispatch('MESSAGE_CREATE', dmMessage(CRISIS, where));
    await fake.waitFor(() => since(before).some((m) => m.call.path === `/channels/${where.dmChannel}/messages` && m.content.length > 0), 'an answer');
  });

  it('should answer an interaction delivered twice only once', async () => {
    const userId = freshId();
    const where = { userId, dmChannel: fake.dmChannel(userId) };
    const command = slashCommand('menu', where);
    fake.dispatch('INTERACTION_CREATE', command);
    fake.dispatch('INTERACTION_CREATE', command);
    const token = String(command.token);
    await fake.waitForCalls('POST', new RegExp(`/${token}/callback$`), 2);
    // The user's turns run one at a time, so once a later message is answered the redelivery is settled too.
    const before = fake.messages().length;
    fake.dispatch('MESSAGE_CREATE', dmMessage('/help', where));
    await fake.waitFor(() => since(before).some((m) => /Commands you can use/.test(m.content)), 'the help text');
    expect(fake.calls.filter((c) => c.path.includes(`/${token}/callback`)).map((c) => c.status)).toEqual([204, 400]);
    expect(fake.messages().filter((m) => m.call.path.includes(token))).toHaveLength(1);
  });

  it('should never let a message mention anyone', () => {
    const bodies = fake.messages();
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((m) => JSON.stringify(m.allowedMentions) !== '{"parse":[]}')).toEqual([]);
  });

  it('should keep typed text and raw Discord ids out of the logs', () => {
    expect(app.stderr()).toMatch(/discord gateway connected/);
    expect(app.stderr()).not.toMatch(/annoys me|end my life|1350000000000|1260000000000|token-/);
  });

  it('should stop gracefully on SIGTERM', async () => {
    expect(await app.stop()).toBe(0);
    await fake.waitFor(() => fake.connections() === 0, 'the gateway connection to close');
  });
});

function newestButton(messages: readonly SentMessage[], label: RegExp): string | undefined {
  for (const message of [...messages].reverse()) {
    const button = message.buttons.find((b) => label.test(b.label ?? ''));
    if (button?.custom_id) return button.custom_id;
  }
  return undefined;
}

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { buttonsOf, createSlackDriver, dmOf, textOf, type SlackDriver } from '../../fakes/slack-driver.js';
import {
  buttonPress, fileEvent, homeOpenedEvent, messageEvent, postToApp, signature, type PressedButton,
} from '../../fakes/slack-requests.js';

// The whole app (src/main.ts) over HTTP on 127.0.0.1 with a real Redis, against a local Slack Web API.

/** One step of a DM conversation: a slash command, a typed message, a button press, or an answer to wait for. */
type Step = { command: string } | { type: string } | { press: RegExp } | { expect: RegExp };

// Today's journey: /start, then the quick check-in. Swap this table when the new journeys land.
const NOTE = 'A &lt;!channel&gt; kind of day &amp; &lt;@U0BOSS001&gt; knows';
const SCRIPT: Step[] = [
  { command: 'start' },
  { expect: /Hello, I'm Steady/ },
  { expect: /What would you like to do/ },
  { press: /quick check-in/i },
  { expect: /How are you feeling/ },
  { press: /^Angry$/ },
  { expect: /What has today held/ },
  { press: /slept badly/i },
  { expect: /Selected so far/ },
  { press: /^Done$/ },
  { expect: /one sentence/ },
  { type: NOTE },
  { expect: /breathing/ },
  { press: /I've done it/ },
  { expect: /Thank you for checking in/ },
];

const SECRET = 'slack-signing-secret-for-tests-0123456789';

describe('slack adapter end to end', () => {
  let api: FakeSlackApi;
  let app: AppProcess;
  let slack: SlackDriver;
  let url: string;

  beforeAll(async () => {
    api = await startFakeSlackApi();
    app = await startApp({
      env: {
        REDIS_URL: inject('redisUrl'),
        STEADY_SECRET: appSecret(),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.url,
      },
    });
    url = `http://127.0.0.1:${app.port}/slack/events`;
    slack = createSlackDriver(url, SECRET, api);
  });

  afterAll(async () => {
    await app?.stop();
    await api?.close();
  });

  it('should answer the url_verification challenge', async () => {
    const answer = await slack.event({ token: 'x', challenge: 'c-42-challenge', type: 'url_verification' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: 'c-42-challenge' });
  });

  it('should play a DM conversation with buttons and typed text', async () => {
    const user = 'U0CONVO01';
    for (const step of SCRIPT) {
      if ('command' in step) expect((await slack.command(user, step.command)).status).toBe(200);
      else if ('type' in step) expect((await slack.say(user, step.type)).status).toBe(200);
      else if ('press' in step) expect((await slack.press(user, step.press)).status).toBe(200);
      else await slack.expect(user, step.expect);
    }
    // Pressed buttons are replaced by the chosen answer.
    const updates = await api.waitFor('chat.update', 1, (c) => JSON.stringify(c.body.blocks).includes('Angry'));
    expect(updates[0]?.body.blocks).not.toContainEqual(expect.objectContaining({ type: 'actions' }));
    // The check-in ended, so the user's App Home was redrawn.
    await api.waitFor('views.publish', 1, (c) => c.body.user_id === user);
    expect(api.calls('chat.postMessage').every((c) => c.token === 'xoxb-test-token')).toBe(true);
    expect(api.calls('auth.test')).toHaveLength(1);
  });

  it('should never post user text unescaped, and show the export as an escaped code block', async () => {
    const user = 'U0ESCAPE1';
    await slack.command(user, 'checkin');
    await slack.press(user, /^Calm$/);
    await slack.press(user, /got outside/i);
    await slack.press(user, /^Done$/);
    await slack.expect(user, /one sentence/);
    await slack.say(user, NOTE);
    await slack.expect(user, /Thank you for checking in/);
    await slack.command(user, 'export');
    const exported = await slack.expect(user, /steady-export\.json/);
    expect(textOf(exported)).toMatch(/```\n\{[\s\S]*"lastMood": "calm"[\s\S]*\}\n```/);
    const everything = JSON.stringify(slack.posted(user).map((c) => c.body));
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U0BOSS001>');
  });

  it('should answer a slash command in a channel ephemerally and neutrally, and carry on in the DM', async () => {
    const user = 'U0CHANNEL1';
    const answer = await slack.command(user, 'menu', 'C0GENERAL1');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ response_type: 'ephemeral', text: expect.stringMatching(/direct messages/) });
    await slack.expect(user, /What would you like to do/);
    expect(api.calls('conversations.open').some((c) => c.body.users === user)).toBe(true);
    expect(api.calls().filter((c) => c.body.channel === 'C0GENERAL1')).toEqual([]);
  });

  it('should publish App Home when it is opened, and start a journey from its button in the DM', async () => {
    const user = 'U0HOME0001';
    expect((await slack.event(homeOpenedEvent(user, 'Ev0HOMEE2E1'))).status).toBe(200);
    const [published] = await api.waitFor('views.publish', 1, (c) => c.body.user_id === user);
    const view = published?.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const begin = buttonsOf({ ...published, body: { blocks: view.blocks } } as never).find((b) => b.action_id === 'home:start');
    expect(begin).toBeDefined();
    await slack.interaction(buttonPress(user, begin as PressedButton, '1732266999.000001', 'home'));
    await slack.expect(user, /Hello, I'm Steady/);
  });

  it('should answer a crisis message', async () => {
    const user = 'U0CRISIS01';
    await slack.say(user, 'I want to end my life');
    await slack.expect(user, /\S/);
  });

  it('should answer a photo kindly instead of ignoring it', async () => {
    const user = 'U0PHOTO001';
    await slack.event(fileEvent(user, dmOf(user), 'Ev0PHOTOE2E'));
    await slack.expect(user, /only read text/);
  });

  it('should apply an event redelivered with X-Slack-Retry-Num once', async () => {
    const user = 'U0RETRY001';
    const envelope = messageEvent(user, dmOf(user), 'hello', 'Ev0RETRYE2E');
    await slack.event(envelope);
    await slack.expect(user, /What would you like to do/);
    expect((await slack.event(envelope, { retryNum: 1 })).status).toBe(200);
    await slack.command(user, 'help');
    await slack.expect(user, /Commands you can use/);
    const texts = slack.posted(user).map(textOf);
    // Had the retry been applied, the menu question would have been answered with a hint to pick an option.
    expect(texts.filter((t) => /pick one of the options/.test(t))).toEqual([]);
  });

  it('should refuse a bad signature and a stale timestamp with 401, processing nothing', async () => {
    const user = 'U0FORGED01';
    const body = JSON.stringify(messageEvent(user, dmOf(user), 'hello', 'Ev0FORGED01'));
    const now = Math.floor(Date.now() / 1000);
    const forged = await postToApp(url, body, 'json', { secret: SECRET, signature: signature('not-the-secret', now, body) });
    const stale = await postToApp(url, body, 'json', { secret: SECRET, timestamp: now - 6 * 60 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await slack.say(user, 'hello');
    await slack.expect(user, /What would you like to do/);
    expect(slack.posted(user)).toHaveLength(1);
  });

  it('should retry a rate-limited chat.postMessage after Retry-After and lose no reply', async () => {
    const user = 'U0RATE0001';
    api.failNext('chat.postMessage', { rateLimitSeconds: 1 });
    await slack.command(user, 'help');
    await slack.expect(user, /Commands you can use/);
    const attempts = api.calls('chat.postMessage').filter((c) => c.body.channel === dmOf(user));
    expect(attempts.map((c) => c.answer)).toEqual(['rate_limited', 'ok']);
    expect(attempts[1]?.body.text).toBe(attempts[0]?.body.text);
  });

  it('should log no user text and no raw Slack ids', () => {
    const logs = app.stderr();
    expect(logs).toMatch(/"platform":"slack"/);
    for (const secret of ['kind of day', 'end my life', 'U0CONVO01', 'U0ESCAPE1', 'D0CONVO01', 'xoxb-test-token', SECRET]) {
      expect(logs).not.toContain(secret);
    }
  });
});

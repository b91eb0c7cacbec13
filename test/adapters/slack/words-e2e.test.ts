import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { createSlackDriver, dmOf, textOf, type SlackDriver } from '../../fakes/slack-driver.js';
import { fileEvent, fixture } from '../../fakes/slack-requests.js';

// Every message with words is screened, through the real entry point over HTTP and a local Slack Web API: a DM
// with a file attached and an edited DM, each answered with the crisis answer and the lines of the user's own
// country (from the time zone or the locale of their Slack profile).

const SECRET = 'slack-signing-secret-for-words-0123456789';
const CRISIS = "I'm going to end my life tonight, I have the pills here";

describe('slack: file messages and edits are screened (real entry point, fake Web API, real Redis)', () => {
  let api: FakeSlackApi;
  let app: AppProcess;
  let slack: SlackDriver;

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
    slack = createSlackDriver(`http://127.0.0.1:${app.port}/slack/events`, SECRET, api);
  });
  afterAll(async () => {
    await app?.stop();
    await api?.close();
  });

  const everything = (user: string, since: number): string => slack.posted(user).slice(since).map(textOf).join('\n');

  it('should answer a file message whose words are a crisis with the lines of the time zone in the Slack profile', async () => {
    const user = 'U0WORDS001';
    api.setTimezone(user, 'Europe/Dublin');
    const envelope = fileEvent(user, dmOf(user), 'Ev0WORDSFILE1');
    Object.assign(envelope.event as object, { text: CRISIS });
    await slack.event(envelope);
    await slack.expect(user, /Are you safe right now\?/);
    const said = everything(user, 0);
    expect(said).toContain('People you can reach in Ireland:');
    expect(said).toContain('116 123');
    expect(said).not.toMatch(/only read text/);
  });

  it('should answer a DM edited into a crisis, mid-journey, with the lines of the locale in the Slack profile', async () => {
    const user = 'U0WORDS002';
    api.setTimezone(user, 'UTC');
    api.setLocale(user, 'pt-BR');
    await slack.command(user, 'start');
    await slack.expect(user, /are you 18 or older\?/);
    const since = slack.posted(user).length;
    const envelope = fixture('message-changed.json');
    const event = envelope.event as Record<string, unknown>;
    Object.assign(event, { channel: dmOf(user), message: { ...(event.message as object), user, text: CRISIS } });
    await slack.event({ ...envelope, event_id: 'Ev0WORDSEDIT2' });
    await slack.expect(user, /Are you safe right now\?/);
    const said = everything(user, since);
    expect(said).toContain('People you can reach in Brazil:');
    expect(said).toContain('CVV');
  });
});

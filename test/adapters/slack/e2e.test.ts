import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { buttonsOf, createSlackDriver, dmOf, textOf, type SlackDriver } from '../../fakes/slack-driver.js';
import {
  buttonPress,
  fileEvent,
  formSubmission,
  homeOpenedEvent,
  messageEvent,
  postToApp,
  signature,
  type PressedButton,
} from '../../fakes/slack-requests.js';

// The whole app (src/main.ts) over HTTP on 127.0.0.1 with a real Redis, against a local Slack Web API.

/**
 * One step of a DM conversation: a slash command, a typed message, a button press, an answer to wait
 * for, or a long answer written in the modal that the question's form button opens.
 */
type Step = { command: string } | { type: string } | { press: RegExp } | { expect: RegExp } | { form: string };

/** What a crisis message must be answered with: the safety layer asks before anything else. */
const CRISIS_REPLY = /Are you safe right now\?/;
const FEELINGS = 'they love me but want me to change';
const DRAFT = 'We need to talk. You always ignore me!!';
// How Slack hands over a typed "A <!channel> kind of day & <@U0BOSS001> knows": entities escaped.
const NOTE = 'A &lt;!channel&gt; kind of day &amp; &lt;@U0BOSS001&gt; knows ``` *out*';
// How the note reads in the export's code block: escaped, and its backticks kept from closing the block.
const NOTE_EXPORTED = 'A &lt;!channel&gt; kind of day &amp; &lt;@U0BOSS001&gt; knows `\u200b`\u200b` *out*';

const ONBOARDING: Step[] = [
  { command: 'start' },
  { expect: /Hello, I'm Steady/ },
  { expect: /are you 18 or older\?/ },
  { press: /^Yes, I'm 18 or older$/ },
  { expect: /Can I remember your answers/ },
  { press: /^Yes, remember my answers$/ },
  { expect: /Shall we\?/ },
];

const ASSESSMENT: Step[] = [
  { press: /^Yes, let's look at my situation$/ },
  { expect: /1\/8 · What is your relationship/ },
  { type: 'married' },
  { expect: /2\/8/ },
  { press: /^Still under one roof$/ },
  { expect: /3\/8/ },
  { press: /^Space or time$/ },
  { expect: /4\/8/ },
  { type: FEELINGS },
  { expect: /5\/8/ },
  { press: /^Neutral, polite$/ },
  { expect: /6\/8/ },
  { press: /^Pleading or begging them to stay$/ },
  { expect: /Selected so far: Pleading or begging them to stay/ },
  { press: /^Texting or calling a lot$/ },
  { expect: /Selected so far: Pleading or begging them to stay, Texting or calling a lot/ },
  { press: /^Done$/ },
  { expect: /7\/8/ },
  { press: /^Yes$/ },
  { expect: /8\/8/ },
  { press: /^None of these$/ },
  { expect: /Here is your plan/ },
  { expect: /Work on the very thing they asked you to change/ },
  { press: /^Next$/ },
  { expect: /Stop pleading/ },
  { press: /^Why\?$/ },
  { expect: /rests on these sources/ },
  { press: /^Next$/ },
  { expect: /a wake-up call/ },
  { press: /^Next$/ },
  { expect: /your rhythm isn't counted in days/ },
  { press: /^Next$/ },
  { expect: /My sources differ/ },
  { press: /^Next$/ },
  { expect: /With children/ },
  { press: /^Next$/ },
  { expect: /one small piece of self-work each day/ },
  { press: /^Evening, 19:00$/ },
  // Slack tells the app the user's time zone (users.info), so Steady only asks to confirm it.
  { expect: /I have your time zone as Europe\/Berlin/ },
  { press: /^Yes$/ },
  { expect: /19:00 \(Europe\/Berlin\)/ },
  { expect: /That's your plan/ },
];

const CONTACT: Step[] = [
  { command: 'contact' },
  { expect: /What is this contact for\?/ },
  { press: /^Replying to something they sent$/ },
  { expect: /How are you feeling right now/ },
  { press: /^Calm$/ },
  { expect: /look over what you plan to send/ },
  { press: /^Yes, I'll paste my draft$/ },
  { expect: /Paste or type your draft/ },
  { form: DRAFT },
  { expect: /A few things to look at before it goes anywhere/ },
  { expect: /Pressure or an ultimatum:/ },
  { expect: /Blame or criticism:/ },
  { expect: /the words stay yours/ },
  { expect: /What are you hoping will come of it\?/ },
  { press: /^A reply$/ },
  { expect: /My verdict: rework it/ },
  { press: /^Rework it$/ },
  { press: /^Another time$/ },
  { expect: /aim for short and kind/ },
];

const SCRIPT: Step[] = [
  ...ONBOARDING,
  ...ASSESSMENT,
  ...CONTACT,
  { type: 'I want to end my life' },
  { expect: CRISIS_REPLY },
];

// Onboarded, then a journal entry with Slack markup in it, kept by /today and shown again by /export.
const JOURNAL: Step[] = [
  ...ONBOARDING,
  { press: /^Show me everything first$/ },
  { press: /^Today's self-work$/ },
  { expect: /how is your mood today/ },
  { press: /^4 · good$/ },
  { expect: /Today's reflection/ },
  { press: /^Write about it$/ },
  { expect: /Write as much or as little as you like/ },
  { type: NOTE },
  { expect: /saved in your journal/ },
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

  /** Presses the question's form button, checks the modal Slack was asked to open, and submits `text` in it. */
  async function writeInForm(user: string, text: string): Promise<void> {
    expect((await slack.press(user, /^Write it in a form$/)).status).toBe(200);
    const forThisDm = (c: { body: Record<string, unknown> }): boolean =>
      (c.body.view as { private_metadata?: string }).private_metadata === dmOf(user);
    const [opened] = await api.waitFor('views.open', 1, forThisDm);
    expect(opened?.body.view).toMatchObject({
      type: 'modal',
      callback_id: 'steady_form',
      title: { text: 'Your draft' },
    });
    expect(String(opened?.body.trigger_id)).toMatch(/^trig-/);
    expect((await slack.interaction(formSubmission(user, `V0FORM${Date.now()}`, dmOf(user), text))).status).toBe(200);
  }

  async function play(user: string, steps: readonly Step[]): Promise<void> {
    for (const step of steps) {
      if ('command' in step) expect((await slack.command(user, step.command)).status).toBe(200);
      else if ('type' in step) expect((await slack.say(user, step.type)).status).toBe(200);
      else if ('press' in step) expect((await slack.press(user, step.press)).status).toBe(200);
      else if ('form' in step) await writeInForm(user, step.form);
      else await slack.expect(user, step.expect);
    }
  }

  it('should answer the url_verification challenge', async () => {
    const answer = await slack.event({ token: 'x', challenge: 'c-42-challenge', type: 'url_verification' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: 'c-42-challenge' });
  });

  it('should play onboarding, the assessment and a reflection on a draft written in a modal', async () => {
    const user = 'U0CONVO01';
    await play(user, SCRIPT);
    // Pressed buttons are replaced by the chosen answer.
    const updates = await api.waitFor('chat.update', 1, (c) =>
      JSON.stringify(c.body.blocks).includes('Still under one roof'),
    );
    expect(updates[0]?.body.blocks).not.toContainEqual(expect.objectContaining({ type: 'actions' }));
    // The assessment ended and changed the profile, so the user's App Home was redrawn.
    await api.waitFor('views.publish', 1, (c) => c.body.user_id === user);
    expect(api.calls('chat.postMessage').every((c) => c.token === 'xoxb-test-token')).toBe(true);
    expect(api.calls('auth.test')).toHaveLength(1);
  });

  it('should never post user text unescaped, and show the export as an escaped code block', async () => {
    const user = 'U0ESCAPE1';
    await play(user, JOURNAL);
    await slack.command(user, 'export');
    const exported = textOf(await slack.expect(user, /steady-export\.json/));
    expect(exported).toMatch(/```\n\{[\s\S]*"journal"[\s\S]*\}\n```/);
    // Decoded on the way in, kept as typed, escaped again on the way out; nothing breaks out of the code block.
    expect(exported).toContain(`"text": "${NOTE_EXPORTED}"`);
    expect(exported.match(/```/g)).toHaveLength(2);
    const everything = JSON.stringify(slack.posted(user).map((c) => c.body));
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U0BOSS001>');
  });

  it('should answer a slash command in a channel ephemerally and neutrally, and carry on in the DM', async () => {
    const user = 'U0CHANNEL1';
    const answer = await slack.command(user, 'menu', 'C0GENERAL1');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/direct messages/),
    });
    await slack.expect(user, /are you 18 or older\?/); // a first-time user is onboarded first, in the DM
    expect(api.calls('conversations.open').some((c) => c.body.users === user)).toBe(true);
    expect(api.calls().filter((c) => c.body.channel === 'C0GENERAL1')).toEqual([]);
  });

  it('should publish App Home when it is opened, and start a journey from its button in the DM', async () => {
    const user = 'U0HOME0001';
    expect((await slack.event(homeOpenedEvent(user, 'Ev0HOMEE2E1'))).status).toBe(200);
    const [published] = await api.waitFor('views.publish', 1, (c) => c.body.user_id === user);
    const view = published?.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const begin = buttonsOf({ ...published, body: { blocks: view.blocks } } as never).find(
      (b) => b.action_id === 'home:start',
    );
    expect(begin).toBeDefined();
    await slack.interaction(buttonPress(user, begin as PressedButton, '1732266999.000001', 'home'));
    await slack.expect(user, /Hello, I'm Steady/);
  });

  it('should answer a crisis message from someone it has never met', async () => {
    const user = 'U0CRISIS01';
    await slack.say(user, 'I want to end my life');
    await slack.expect(user, CRISIS_REPLY);
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
    await slack.expect(user, /are you 18 or older\?/);
    expect((await slack.event(envelope, { retryNum: 1 })).status).toBe(200);
    await slack.command(user, 'help');
    await slack.expect(user, /Commands you can use/);
    const texts = slack.posted(user).map(textOf);
    // Had the retry been applied, the age question would have been answered with a hint to pick an option.
    expect(texts.filter((t) => /pick one of the options/.test(t))).toEqual([]);
  });

  it('should refuse a bad signature or a timestamp outside five minutes with 401, and plain text with 415, processing nothing', async () => {
    const user = 'U0FORGED01';
    const body = JSON.stringify(messageEvent(user, dmOf(user), 'hello', 'Ev0FORGED01'));
    const now = Math.floor(Date.now() / 1000);
    const forged = await postToApp(url, body, 'json', {
      secret: SECRET,
      signature: signature('not-the-secret', now, body),
    });
    const stale = await postToApp(url, body, 'json', { secret: SECRET, timestamp: now - 6 * 60 });
    const future = await postToApp(url, body, 'json', { secret: SECRET, timestamp: now + 6 * 60 });
    const plain = await postToApp(url, body, 'text', { secret: SECRET });
    expect([forged.status, stale.status, future.status, plain.status]).toEqual([401, 401, 401, 415]);
    await slack.say(user, 'hello');
    await slack.expect(user, /are you 18 or older\?/);
    expect(slack.posted(user).map(textOf)).toEqual([
      expect.stringMatching(/Hello, I'm Steady/),
      expect.stringMatching(/18 or older/),
    ]);
  });

  it('should retry a rate-limited chat.postMessage after Retry-After and lose no reply', async () => {
    const user = 'U0RATE0001';
    api.failNext('chat.postMessage', { rateLimitSeconds: 1 });
    await slack.command(user, 'help');
    await slack.expect(user, /Commands you can use/);
    const attempts = api.calls('chat.postMessage').filter((c) => c.body.channel === dmOf(user));
    expect(attempts[0]?.answer).toBe('rate_limited');
    expect(attempts[1]?.answer).toBe('ok');
    expect(attempts[1]?.body.text).toBe(attempts[0]?.body.text);
  });

  it('should log no user text and no raw Slack ids', () => {
    const logs = app.stderr();
    expect(logs).toMatch(/"platform":"slack"/);
    const secrets = [
      'kind of day',
      FEELINGS,
      'ignore me',
      'end my life',
      'U0CONVO01',
      'U0ESCAPE1',
      'D0CONVO01',
      'xoxb-test-token',
      SECRET,
    ];
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarize } from '../../../src/coach/summary.js';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import type { Adapter, InboundEvent } from '../../../src/core/types.js';
import { loadConfig } from '../../../src/core/config.js';
import { capturedLogger, createTestEngine } from '../../support/engine.js';
import { programOf } from '../../support/program.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { buttonsOf, createSlackDriver, dmOf, textOf, type SlackDriver } from '../../fakes/slack-driver.js';
import { buttonPress, formSubmission } from '../../fakes/slack-requests.js';
import type { Logger } from '../../../src/ops/logger.js';

// The adapter in-process with a test engine, for paths today's flows do not reach (a form, an echo of
// what the user wrote) and for delivery failures, `send` and shutdown.

const SECRET = 'adapter-test-signing-secret-0123456789';
const DRAFT_FLOW = `
id: draft
version: 1
title: Draft
command: draft
steps:
  - id: write
    type: ask
    text: "Write the message you have in mind."
    save: vars.draft
    reask: "Could you write it again?"
    form: { title: "Your draft to them, in full", label: "The message" }
  - id: echo
    type: end
    role: info
    text: "You wrote: {$vars.draft}"
`;

const START_FLOW = `
id: start
version: 1
title: Welcome
steps:
  - { id: hello, type: say, role: info, text: "Hello there." }
  - { id: bye, type: end, role: info, text: "That is all for now." }
`;

describe('slack adapter', () => {
  let api: FakeSlackApi;
  let http: HttpServer;
  let adapter: Adapter;
  let engine: ReturnType<typeof createTestEngine>;
  let slack: SlackDriver;
  let events: InboundEvent[];

  beforeEach(async () => {
    api = await startFakeSlackApi();
    engine = createTestEngine(programOf(DRAFT_FLOW, START_FLOW));
    const logger = capturedLogger().logger as Logger;
    http = createHttpServer(logger);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-unit', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
    const built = slackAdapter({
      config,
      logger,
      clock: engine.options.clock,
      http: http.routes,
      summary: async (platform, userId) =>
        summarize(
          (await engine.store.load(engine.options.userKey(platform, userId))).state,
          engine.options.clock.now(),
        ),
      registry: engine.options.registry,
    });
    if (!built) throw new Error('the adapter should be built when SLACK_BOT_TOKEN is set');
    adapter = built;
    const port = await http.listen(0, '127.0.0.1');
    events = [];
    await adapter.start((event) => (events.push(event), engine.handle(event)));
    slack = createSlackDriver(`http://127.0.0.1:${port}/slack/events`, SECRET, api);
  });

  afterEach(async () => {
    await adapter?.stop();
    await http?.close();
    await api?.close();
  });

  const stateOf = async (user: string) => (await engine.store.load(engine.options.userKey('slack', user))).state;

  it('should open a modal for a long answer and take its submission as typed text, escaped when echoed', async () => {
    const user = 'U0FORM0001';
    await slack.command(user, 'draft');
    const question = await slack.expect(user, /message you have in mind/);
    const opener = buttonsOf(question).find((b) => b.action_id === 'form');
    expect(opener).toBeDefined();
    const where = { channel: dmOf(user), ts: question.ts ?? '', blocks: question.body.blocks as unknown[] };
    await slack.interaction(
      buttonPress(
        user,
        opener ?? { action_id: '', text: { type: 'plain_text', text: '' } },
        '1732267000.000001',
        where,
      ),
    );
    const [opened] = await api.waitFor('views.open', 1);
    const view = opened?.body.view as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: { element: { multiline: boolean } }[];
    };
    expect(opened?.body.trigger_id).toBe('trig-1732267000.000001');
    expect(view).toMatchObject({ callback_id: 'steady_form', private_metadata: dmOf(user) });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0]?.element.multiline).toBe(true);

    const submitted = await slack.interaction(
      formSubmission(user, 'V0FORMTEST1', dmOf(user), 'Hi <!channel>, <@U0BOSS001> & me'),
    );
    expect(submitted).toEqual({ status: 200, body: '' });
    const echo = await slack.expect(user, /You wrote/);
    expect(textOf(echo)).toContain('Hi &lt;!channel&gt;, &lt;@U0BOSS001&gt; &amp; me');
    expect(JSON.stringify(echo.body)).not.toMatch(/<!channel>|<@U0BOSS001>/);
  });

  it('should escape typed text the engine echoes back', async () => {
    const user = 'U0ECHO0001';
    await slack.command(user, 'draft');
    await slack.expect(user, /message you have in mind/);
    // A typed `@channel` reaches the app as `<!channel>`; text typed literally arrives entity-encoded.
    await slack.say(user, 'see &lt;!here&gt; and <!channel>');
    const echo = await slack.expect(user, /You wrote/);
    expect(echo.body.text).toBe('You wrote: see &lt;!here&gt; and !channel');
  });

  it('should pass a forged or stale button to the engine, which says it expired and shows the step again', async () => {
    const user = 'U0STALE001';
    await slack.command(user, 'draft');
    const question = await slack.expect(user, /message you have in mind/);
    const where = { channel: dmOf(user), ts: question.ts ?? '', blocks: [] };
    await slack.interaction(
      buttonPress(
        user,
        { action_id: 'evil<!channel>', text: { type: 'plain_text', text: 'x' } },
        '1732267001.000001',
        where,
      ),
    );
    await slack.expect(user, /That button has expired/);
    await slack.expect(user, /message you have in mind/);
  });

  it('should set the time zone from users.info, asking Slack once per user', async () => {
    const user = 'U0ZONE0001';
    api.setTimezone(user, 'America/Chicago');
    await slack.command(user, 'draft');
    await slack.expect(user, /message you have in mind/);
    await slack.say(user, 'hello there');
    await slack.expect(user, /You wrote/);
    expect((await stateOf(user)).settings.timezone).toBe('America/Chicago');
    expect(api.calls('users.info').filter((c) => c.body.user === user)).toHaveLength(1);
  });

  it('should redraw App Home after a journey ends', async () => {
    const user = 'U0REDRAW01';
    await slack.command(user, 'draft');
    await slack.expect(user, /message you have in mind/);
    expect(api.calls('views.publish')).toEqual([]);
    await slack.say(user, 'done now');
    const [published] = await api.waitFor('views.publish', 1);
    expect(published?.body.user_id).toBe(user);
  });

  it('should mark a user unreachable when Slack refuses delivery, without retrying', async () => {
    const user = 'U0GONE0001';
    api.failNext('chat.postMessage', { error: 'account_inactive' });
    await slack.command(user, 'draft');
    await expect.poll(async () => (await stateOf(user)).settings.unreachable).toBe(true);
    expect(api.calls('chat.postMessage')).toHaveLength(1);
  });

  it('should send replies outside a turn, and report a gone DM or an inactive account as unreachable', async () => {
    const user = 'U0SEND0001';
    const address = `${dmOf(user)}:${user}`;
    expect(await adapter.send(address, [{ kind: 'info', text: 'Time for your check-in <3' }])).toEqual({
      status: 'sent',
    });
    const [sent] = await api.waitFor('chat.postMessage', 1);
    expect(sent?.body).toMatchObject({ channel: dmOf(user), text: 'Time for your check-in &lt;3' });
    api.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(await adapter.send(address, [{ kind: 'info', text: 'again' }])).toEqual({
      status: 'unreachable',
      reason: 'slack:channel_not_found',
    });
    api.failNext('chat.postMessage', { error: 'account_inactive' });
    expect(await adapter.send(address, [{ kind: 'info', text: 'again' }])).toEqual({
      status: 'unreachable',
      reason: 'slack:account_inactive',
    });
    // No signal turn: the send queue marks the user by key.
    expect(events).toEqual([]);
    expect((await stateOf(user)).settings.unreachable).toBeFalsy();
    expect(api.calls('chat.postMessage').map((c) => c.answer)).toEqual(['ok', 'error', 'error']);
  });

  it('should report a 429 on a scheduled send as rateLimited with Retry-After, instead of waiting it out', async () => {
    const user = 'U0RATE0001';
    api.failNext('chat.postMessage', { rateLimitSeconds: 7 });
    const result = await adapter.send(`${dmOf(user)}:${user}`, [{ kind: 'info', text: 'Time for your check-in' }]);
    expect(result).toEqual({ status: 'rateLimited', retryAfterMs: 7000 });
    expect(api.calls('chat.postMessage').map((c) => c.answer)).toEqual(['rate_limited']);
  });

  it("should reject other failures of a scheduled send with Slack's code only", async () => {
    const user = 'U0FAIL0001';
    api.failNext('chat.postMessage', { error: 'msg_too_long' });
    await expect(adapter.send(`${dmOf(user)}:${user}`, [{ kind: 'info', text: 'Private words' }])).rejects.toThrow(
      /^Slack did not take a scheduled message \(msg_too_long\)$/,
    );
  });

  it('should finish turns in flight on stop and refuse new requests after', async () => {
    const user = 'U0STOP0001';
    api.failNext('chat.postMessage', { delayMs: 300 });
    await slack.command(user, 'start');
    await api.waitFor('chat.postMessage', 1);
    await adapter.stop();
    // The turn's second message goes out only after the slow first one: stop waited for both.
    expect(
      api
        .calls('chat.postMessage')
        .filter((c) => c.body.channel === dmOf(user))
        .map((c) => c.body.text),
    ).toEqual(['Hello there.', 'That is all for now.']);
    expect((await slack.say(user, 'hello')).status).toBe(503);
  });
});

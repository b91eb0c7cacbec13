import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarize } from '../../../src/coach/summary.js';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import type { Adapter } from '../../../src/core/types.js';
import { loadConfig } from '../../../src/core/config.js';
import type { Logger } from '../../../src/ops/logger.js';
import { capturedLogger, createTestEngine } from '../../support/engine.js';
import { realProgram } from '../../support/real-program.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { createSlackDriver, dmOf, textOf, type SlackDriver } from '../../fakes/slack-driver.js';

// /erase against the local Web API: chat.delete for every message the app remembers posting in the DM (turn
// replies and scheduled sends), Slack's refusals counted, and a report of what stays.
const SECRET = 'erase-test-signing-secret-0123456789';
const USER = 'U0ERASE001';

describe('slack: /erase', () => {
  let api: FakeSlackApi;
  let http: HttpServer;
  let adapter: Adapter;
  let slack: SlackDriver;

  beforeEach(async () => {
    api = await startFakeSlackApi();
    const engine = createTestEngine(await realProgram());
    const user = engine.options.userKey('slack', USER);
    await engine.store.commit(
      user,
      { ...(await engine.store.load(user)).state, settings: { onboarded: true } },
      0,
      'g',
    );
    const logger = capturedLogger().logger as Logger;
    http = createHttpServer(logger);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-unit', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url });
    const built = slackAdapter({
      config,
      logger,
      clock: engine.options.clock,
      http: http.routes,
      summary: async (platform, id) =>
        summarize((await engine.store.load(engine.options.userKey(platform, id))).state, engine.options.clock.now()),
      registry: engine.options.registry,
    });
    if (!built) throw new Error('the adapter should be built when SLACK_BOT_TOKEN is set');
    adapter = built;
    const port = await http.listen(0, '127.0.0.1');
    await adapter.start(engine.handle);
    slack = createSlackDriver(`http://127.0.0.1:${port}/slack/events`, SECRET, api);
  });

  afterEach(async () => {
    await adapter?.stop();
    await http?.close();
    await api?.close();
  });

  it("should delete the app's messages in the DM with chat.delete and report what Slack refused", async () => {
    await adapter.send(dmOf(USER), [{ kind: 'info', text: 'A scheduled note' }]);
    await slack.say(USER, '/sos');
    await slack.expect(USER, /./);
    await slack.command(USER, 'erase');
    await slack.expect(USER, /Remove my messages from this chat\?/);
    // One message is already gone when the app tries: Slack answers message_not_found.
    api.failNext('chat.delete', { error: 'message_not_found' });
    await slack.press(USER, /^Yes, remove them$/);
    const report = await slack.expect(USER, /What I have stored about you stays/);

    // Every message the app posted in the DM before the report was tried, and nothing else.
    const posted = api.calls('chat.postMessage').filter((c) => c.body.channel === dmOf(USER) && c.answer === 'ok');
    const before = posted.length - 1;
    expect(api.calls('chat.delete').map((c) => c.body.ts)).toEqual(posted.slice(0, -1).map((c) => c.ts));
    expect(new Set(api.calls('chat.delete').map((c) => c.body.channel))).toEqual(new Set([dmOf(USER)]));
    expect(textOf(report)).toContain(`I removed ${before - 1} of my messages from this conversation.`);
    expect(textOf(report)).toContain('1 message could not be removed: Slack refused it.');
    // What stays: the message whose deletion was refused, and the report.
    expect(api.messages(dmOf(USER))).toHaveLength(2);
  });
});

import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { createSecretStore, secretKey } from '../../../src/app/secret-store.js';
import type { StoreSetup } from '../../../src/app/store.js';
import { summarize } from '../../../src/coach/summary.js';
import { loadConfig } from '../../../src/core/config.js';
import type { Adapter } from '../../../src/core/types.js';
import type { Logger } from '../../../src/ops/logger.js';
import { createDataCrypto } from '../../../src/session/crypto.js';
import { connectRedis, waitForRedis } from '../../../src/session/redis-store.js';
import type { RedisClient } from '../../../src/session/redis-target.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.js';
import { messageEvent, postToApp } from '../../fakes/slack-requests.js';
import { capturedLogger, createTestEngine, testSecret } from '../../support/engine.js';
import { realProgram } from '../../support/real-program.js';

// Steady installed in several workspaces through Slack's OAuth, against the local Web API (oauth.v2.access,
// auth.test) and a real Redis: the install link, the redirect with its code and state, the sealed installation,
// answers with each workspace's own token, and the installation gone once the workspace removes the app.
const SIGNING = 'install-test-signing-secret-0123456789';
const CLIENT = { id: '1111.2222', secret: 'client-secret-of-steady' };
const TEAM = 'T0OTHER01';
const USER = 'U0OTHER01';

describe('slack: installed in several workspaces', () => {
  let api: FakeSlackApi;
  let http: HttpServer;
  let adapter: Adapter;
  let redis: RedisClient;
  let admin: Redis;
  let base: string;
  let stored: string;

  beforeEach(async () => {
    api = await startFakeSlackApi();
    redis = connectRedis(inject('redisUrl'));
    await waitForRedis(redis, 5000);
    admin = new Redis(inject('redisUrl'));
    const secret = testSecret();
    stored = secretKey(secret, `slack-install:${TEAM}`);
    await admin.del(stored);
    const setup = { secret, redis: { client: redis, crypto: createDataCrypto(secret) } } as StoreSetup;
    const secrets = createSecretStore(setup);
    const engine = createTestEngine(await realProgram());
    const logger = capturedLogger().logger as Logger;
    http = createHttpServer(logger);
    const config = loadConfig({
      SLACK_CLIENT_ID: CLIENT.id,
      SLACK_CLIENT_SECRET: CLIENT.secret,
      SLACK_STATE_SECRET: 'state-secret-of-steady-0123456789',
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_API_URL: api.url,
    });
    const built = slackAdapter({
      config,
      logger,
      clock: engine.options.clock,
      http: http.routes,
      summary: async (platform, id) =>
        summarize((await engine.store.load(engine.options.userKey(platform, id))).state, engine.options.clock.now()),
      registry: engine.options.registry,
      secrets,
    });
    if (!built) throw new Error('the adapter should be built when SLACK_CLIENT_ID is set');
    adapter = built;
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    await adapter.start(engine.handle);
  });

  afterEach(async () => {
    await adapter?.stop();
    await http?.close();
    await api?.close();
    redis?.disconnect();
    admin?.disconnect();
  });

  // The person opens the install link, approves on Slack, and Slack sends their browser back with a code.
  async function install(code: string): Promise<Response> {
    const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(location.pathname).toBe('/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT.id);
    expect(location.searchParams.get('scope')).toBe('chat:write,im:history,im:write,users:read,commands');
    const state = location.searchParams.get('state') ?? '';
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    api.grant(code, TEAM, CLIENT);
    return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  it('should keep the installation sealed and answer that workspace with its own token', async () => {
    const done = await install('code-one');
    expect(done.status).toBe(200);
    const [access] = api.calls('oauth.v2.access');
    expect(access?.body).toMatchObject({ code: 'code-one', client_id: CLIENT.id });
    const sealed = await admin.get(stored);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('xoxb-');
    expect(stored).not.toContain(TEAM);
    expect(await admin.pttl(stored)).toBe(-1);

    const envelope = messageEvent(USER, 'D0OTHER01', '/sos', `Ev${Date.now()}`);
    const event = {
      ...envelope,
      team_id: TEAM,
      context_team_id: TEAM,
      event: { ...(envelope.event as object), team: TEAM },
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOT0001', is_bot: true }],
    };
    const body = JSON.stringify(event);
    expect((await postToApp(`${base}/slack/events`, body, 'json', { secret: SIGNING })).status).toBe(200);
    const [answer] = await api.waitFor('chat.postMessage', 1);
    expect(answer?.token).toBe(`xoxb-${TEAM}-fake`);

    // A scheduled send finds the workspace in the address, and its token.
    expect(await adapter.send(`D0OTHER01:${USER}:${TEAM}`, [{ kind: 'info', text: 'A note' }])).toEqual({
      status: 'sent',
    });
    expect(api.calls('chat.postMessage').at(-1)?.token).toBe(`xoxb-${TEAM}-fake`);
  });

  it('should refuse a redirect whose state it did not make, and forget a workspace that uninstalled', async () => {
    api.grant('code-forged', TEAM, CLIENT);
    const forged = await fetch(`${base}/slack/oauth_redirect?code=code-forged&state=made-up`, { redirect: 'manual' });
    expect(forged.status).not.toBe(200);
    expect(api.calls('oauth.v2.access')).toHaveLength(0);

    expect((await install('code-two')).status).toBe(200);
    const uninstalled = {
      token: 'legacy',
      team_id: TEAM,
      api_app_id: 'A0STEADY1',
      event: { type: 'app_uninstalled', event_ts: `${Date.now() / 1000}` },
      type: 'event_callback',
      event_id: `Ev${Date.now()}u`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: 'UBOT0001', is_bot: true, is_enterprise_install: false }],
    };
    await postToApp(`${base}/slack/events`, JSON.stringify(uninstalled), 'json', { secret: SIGNING });
    await expect.poll(() => admin.get(stored), { timeout: 5000 }).toBeNull();
    expect(await adapter.send(`D0OTHER01:${USER}:${TEAM}`, [{ kind: 'info', text: 'A note' }])).toEqual({
      status: 'unreachable',
      reason: 'slack:not_installed',
    });
  });
});

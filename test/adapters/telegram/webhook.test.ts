import { afterEach, describe, expect, inject, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { systemClock } from '../../../src/core/types.js';
import { createTestEngine, redisStore } from '../../support/engine.js';
import { programOf } from '../../support/program.js';
import { DEFAULT_USER } from '../../fakes/telegram-updates.js';
import { botTexts, startHarness, TEST_FLOW, type Harness } from './harness.js';

const SECRET = 'webhook-secret-0123456789';
const URL_PUBLIC = 'https://steady.example/telegram/webhook';
let harness: Harness | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await harness?.close();
  await http?.close();
  harness = undefined;
  http = undefined;
});

async function started(): Promise<{ harness: Harness; post(body: unknown, secret?: string): Promise<number> }> {
  const engine = createTestEngine(programOf(TEST_FLOW), {
    clock: systemClock,
    store: await redisStore(inject('redisUrl')),
  });
  const server = createHttpServer(engine.options.logger);
  http = server;
  harness = await startHarness({ webhook: { url: URL_PUBLIC, secret: SECRET }, http: server.routes }, engine);
  const port = await server.listen(0, '127.0.0.1');
  const post = async (body: unknown, secret?: string): Promise<number> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
    const response = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return { harness, post };
}

const start = (updateId: number) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1_763_802_000,
    text: '/start',
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    from: { id: DEFAULT_USER.id, is_bot: false, first_name: 'Sam' },
    chat: { id: DEFAULT_USER.id, first_name: 'Sam', type: 'private' },
  },
});

describe('telegram webhook mode', () => {
  it('should register the webhook with its secret and no polling', async () => {
    const { harness } = await started();
    expect(harness.fake.callsOf('setWebhook')[0]?.params).toMatchObject({ url: URL_PUBLIC, secret_token: SECRET });
    expect(harness.fake.callsOf('getUpdates')).toEqual([]);
    expect(harness.fake.callsOf('deleteWebhook')).toEqual([]);
  });

  it('should refuse a missing or wrong secret with 401 before reading the update', async () => {
    const { harness, post } = await started();
    expect(await post(start(1))).toBe(401);
    expect(await post(start(2), 'not-the-secret-at-all-xx')).toBe(401);
    expect(await post('not even json', SECRET.slice(0, -1))).toBe(401);
    expect(harness.events).toEqual([]);
    expect(harness.fake.callsOf('sendMessage')).toEqual([]);
  });

  it('should answer an update with the right secret, and an update delivered three times only once', async () => {
    const { harness, post } = await started();
    const statuses = await Promise.all([post(start(41), SECRET), post(start(41), SECRET), post(start(41), SECRET)]);
    expect(statuses).toEqual([200, 200, 200]);
    expect(harness.events.map((e) => e.id)).toEqual(['telegram:41', 'telegram:41', 'telegram:41']);
    expect(botTexts(harness.fake, DEFAULT_USER.id)).toEqual(['Pick <one> & go']);
  });

  it('should refuse a body that is not an update', async () => {
    const { post } = await started();
    expect(await post({ hello: 'world' }, SECRET)).toBe(400);
  });
});

import { afterEach, describe, expect, inject, it } from 'vitest';
import { NETWORK_RETRIES, NETWORK_RETRY_BUDGET_MS } from '../../../adapters/telegram/network-retry.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';

// The Bot API unreachable while a webhook update is answered (real entry point, fake Bot API stopped, real Redis):
// network retries are bounded in count and time and each is logged, so the webhook request is answered within
// seconds, with 503, so that Telegram delivers the update again and the replies that never went out are sent then.

const TOKEN = '404040:api-outage';
const HOOK_SECRET = 'api-outage-secret-0123456789';
const USER = 5_576_001;

let fake: FakeTelegram | undefined;
let app: AppProcess | undefined;

afterEach(async () => {
  await app?.stop(2000);
  await fake?.close();
  [app, fake] = [undefined, undefined];
});

function post(port: number): Promise<number> {
  const body = {
    update_id: 93_001,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      from: { id: USER, is_bot: false, first_name: 'Sam', language_code: 'en' },
      chat: { id: USER, first_name: 'Sam', type: 'private' },
    },
  };
  return fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': HOOK_SECRET },
    body: JSON.stringify(body),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

describe('the Bot API unreachable during a webhook turn (real entry point)', () => {
  it('should retry a bounded number of times, log each retry, and hand the update back within seconds', async () => {
    fake = await startFakeTelegram(TOKEN);
    app = await startApp({
      env: {
        REDIS_URL: inject('redisUrl'),
        STEADY_SECRET: appSecret(),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://steady.example/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: HOOK_SECRET,
      },
    });
    await fake.close();
    fake = undefined;
    const asked = Date.now();
    expect(await post(app.port)).toBe(503);
    const took = Date.now() - asked;
    expect(took).toBeLessThan(NETWORK_RETRY_BUDGET_MS + 10_000);
    const retries = app
      .stderr()
      .split('\n')
      .filter((line) => line.includes('telegram request failed on the network; retrying'));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.length).toBeLessThanOrEqual(NETWORK_RETRIES);
    expect(app.stderr()).toContain('telegram unreachable; the update is left to be delivered again');
  });
});

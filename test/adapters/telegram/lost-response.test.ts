import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import type { FakeUser } from '../../fakes/telegram-updates.js';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';

// A sendMessage that reaches Telegram but whose answer is lost on the way back (real entry point, fake Bot
// API, real Redis): the message is not sent a second time, and the loss is logged.

const TOKEN = '484848:lost-response';
const user: FakeUser = { id: 5552001, first_name: 'Lee', language_code: 'en' };
let fake: FakeTelegram;
let app: AppProcess;

beforeAll(async () => {
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: {
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('a send whose answer was lost', () => {
  it('should not be repeated blindly, and should be logged', async () => {
    fake.fail('sendMessage', { type: 'lostResponse' }, 1, (params) => Number(params.chat_id) === user.id);
    fake.say('/start', { user });
    await app.waitForLog(/telegram send failed on the network; not repeated/, 10_000);
    // Long enough for any retry (auto-retry's first pause is 3 s) to have happened.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const welcomes = fake.chat(user.id).filter((m) => m.fromBot && /I'm Steady/.test(m.text ?? ''));
    expect(welcomes).toHaveLength(1);
    expect(fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === user.id)).toHaveLength(1);
  });
});

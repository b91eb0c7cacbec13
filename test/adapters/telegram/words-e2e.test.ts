import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { toApiMessage, type FakeUser, type StoredMessage } from '../../fakes/telegram-updates.js';

// Every message with words is screened, through the real entry point and a local Bot API: a photo's caption and
// an edited message, each answered with the crisis answer and the lines of the user's own country.

const TOKEN = '434343:words-e2e';
const CRISIS = "I'm going to end my life tonight, I have the pills here";
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

const shown = (m: StoredMessage): string => m.text ?? m.caption ?? '';
const fromBot = (user: FakeUser): StoredMessage[] => fake.chat(user.id).filter((m) => m.fromBot);

/** Waits for a bot message to `user`, sent after the first `since`, that matches `pattern`; returns all of them. */
async function answered(user: FakeUser, since: number, pattern: RegExp): Promise<string> {
  await expect
    .poll(
      () =>
        fromBot(user)
          .slice(since)
          .some((m) => pattern.test(shown(m))),
      {
        timeout: 8000,
        message: `a bot message matching ${String(pattern)}`,
      },
    )
    .toBe(true);
  return fromBot(user).slice(since).map(shown).join('\n---\n');
}

describe('telegram: captions and edits are screened (real entry point, fake Bot API, real Redis)', () => {
  it("should answer a photo whose caption is a crisis with the crisis answer and the lines of the app language's region", async () => {
    const user: FakeUser = { id: 5553001, first_name: 'Bia', language_code: 'pt-br' };
    fake.send({ photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }], caption: CRISIS }, { user });
    const said = await answered(user, 0, /Are you safe right now\?/);
    expect(said).toContain('People you can reach in Brazil:');
    expect(said).toContain('CVV');
    expect(said).not.toMatch(/only read text/);
  });

  it('should answer an edit turned into a crisis, mid-journey, with the lines of the country the user chose', async () => {
    const user: FakeUser = { id: 5553002, first_name: 'Ciara', language_code: 'en' };
    fake.say('/country', { user });
    await answered(user, 0, /Which country are you in\?/);
    let since = fromBot(user).length;
    fake.say('Ireland', { user });
    await answered(user, since, /lines for Ireland/);
    since = fromBot(user).length;
    fake.say('/start', { user });
    await answered(user, since, /are you 18 or older\?/);
    since = fromBot(user).length;
    const original = fake.chat(user.id).find((m) => !m.fromBot && m.text === 'Ireland');
    const edited = {
      ...toApiMessage({ ...(original as StoredMessage), text: CRISIS }, user),
      edit_date: 1_800_000_000,
    };
    fake.push({ edited_message: edited });
    const said = await answered(user, since, /Are you safe right now\?/);
    expect(said).toContain('People you can reach in Ireland:');
    expect(said).toContain('116 123');
  });

  it('should say nothing about an everyday edit, and not take it as an answer', async () => {
    const user: FakeUser = { id: 5553003, first_name: 'Dan', language_code: 'en-GB' };
    fake.say('/start', { user });
    await answered(user, 0, /are you 18 or older\?/);
    const since = fromBot(user).length;
    const original = fake.chat(user.id).find((m) => !m.fromBot) as StoredMessage;
    fake.push({ edited_message: { ...toApiMessage({ ...original, text: 'yes' }, user), edit_date: 1_800_000_000 } });
    fake.say('hello again', { user });
    const said = await answered(user, since, /are you 18 or older\?/);
    expect(said).not.toMatch(/Can I remember your answers/);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { play, type DmMember } from '../fakes/discord-driver.js';
import { freshId } from '../fakes/discord-payloads.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { DEFAULT_USER } from '../fakes/telegram-updates.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';

// One person on Telegram and Discord, one Steady process (real entry point, both local platforms, real Redis):
// a code made in the Telegram chat and typed in the Discord DM joins the two, and the DM then answers from
// the Telegram conversation.
const TOKEN = '424242:LINK-token';
const chat = DEFAULT_USER.id;

describe('/link across Telegram and Discord', () => {
  let telegram: FakeTelegram;
  let discord: DiscordFake;
  let app: AppProcess;
  let member: DmMember;

  beforeAll(async () => {
    telegram = await startFakeTelegram(TOKEN);
    discord = await startDiscordFake();
    app = await startApp({
      env: {
        REDIS_URL: inject('redisUrl'),
        STEADY_SECRET: appSecret(),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
      },
    });
    const userId = freshId();
    member = { userId, dmChannel: discord.dmChannel(userId) };
  });
  afterAll(async () => {
    await app?.stop();
    await telegram?.close();
    await discord?.close();
  });

  const lastTelegram = (): string =>
    telegram
      .chat(chat)
      .filter((m) => m.fromBot)
      .at(-1)?.text ?? '';
  const telegramSays = (pattern: RegExp): Promise<void> =>
    expect
      .poll(lastTelegram, { timeout: 8000 })
      .toMatch(pattern)
      .then(() => undefined);

  it('should share one conversation once the code is typed in the other app', async () => {
    telegram.say('/start');
    await telegramSays(/are you 18 or older\?/);
    telegram.press(/^Yes, I'm 18 or older$/);
    await telegramSays(/Can I remember your answers/);
    telegram.press(/^Yes, remember my answers$/);
    await telegramSays(/Shall we\?/);
    telegram.say('/link');
    await telegramSays(/What would you like to do\?/);
    telegram.press(/^Make a code here$/);
    await telegramSays(/Your code is [A-Z0-9]{6}\./);
    const code = /Your code is ([A-Z0-9]{6})\./.exec(lastTelegram())?.[1] ?? '';

    await play(discord, member, [
      { slash: 'link', expect: /What would you like to do\?/ },
      { press: /^Type a code from the other app$/, expect: /Type the code from the other app/ },
      { type: code, expect: /Linked\. This chat and the other one now share one conversation/ },
      // The Telegram chat's welcome and consent count here: no welcome again, straight to the menu.
      { slash: 'menu', expect: /What would you like to do\?/ },
      { slash: 'link', expect: /What would you like to do\?/ },
      { press: /^Stop sharing with the other app$/, expect: /Stop sharing this conversation/ },
      { press: /^Yes, unlink$/, expect: /This chat is no longer linked/ },
    ]);
    const all = discord
      .messages()
      .map((m) => m.content)
      .join('\n');
    expect(all).not.toMatch(/are you 18 or older/);
  });
});

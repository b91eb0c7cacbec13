import { afterEach, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { DEFAULT_USER, type StoredMessage } from '../../fakes/telegram-updates.js';

// The conversation, as a table: swap it for onboarding, the assessment, a pre-contact reflection with
// a draft, or the crisis layer as those journeys land. `press` taps the newest button whose label
// matches; `expect` waits for a bot message (new, or the one just edited) matching the pattern.
type Step =
  | { type: string }
  | { press: RegExp }
  | { expect: RegExp }
  | { document: string }
  /** Any answer at all (the crisis layer is not wired yet). */
  | { answered: true };

const CONVERSATION: Step[] = [
  { type: '/start' },
  { expect: /I'm Steady/ },
  { expect: /What would you like to do/ },
  { press: /quick check-in/i },
  { expect: /How are you feeling/ },
  { press: /^Angry$/ },
  { expect: /What has today held/ },
  { press: /slept badly/ },
  { expect: /Selected so far: I slept badly\./ },
  { press: /checking my phone/ },
  { expect: /Selected so far: I slept badly, I kept checking my phone\./ },
  { press: /^Done$/ },
  { expect: /one sentence for yourself/ },
  { type: 'Rough day <b>& all</b> _*[]' },
  { expect: /slow breathing/ },
  { press: /done it/ },
  { expect: /That steadiness/ },
  { expect: /Today sounds heavy/ },
  { type: '/export' },
  { document: 'steady-export.json' },
  { type: 'I want to end my life' },
  { answered: true },
];

const TOKEN = '424242:e2e-token';
const chat = DEFAULT_USER.id;
let fake: FakeTelegram | undefined;
let app: AppProcess | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function launch(): Promise<{ fake: FakeTelegram; app: AppProcess }> {
  fake = await startFakeTelegram(TOKEN);
  app = await startApp({
    env: { REDIS_URL: inject('redisUrl'), STEADY_SECRET: appSecret(), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot },
  });
  return { fake, app };
}

const botMessages = (f: FakeTelegram): StoredMessage[] => f.chat(chat).filter((m) => m.fromBot);
const shown = (m: StoredMessage): string => m.text ?? m.caption ?? '';

async function play(f: FakeTelegram, steps: readonly Step[]): Promise<number> {
  let since = 0;
  let pressed: StoredMessage | undefined;
  let presses = 0;
  for (const step of steps) {
    if ('type' in step) {
      since = botMessages(f).length;
      pressed = undefined;
      f.say(step.type);
    } else if ('press' in step) {
      await expect.poll(() => f.chat(chat).some((m) => m.reply_markup?.inline_keyboard.flat().some((b) => step.press.test(b.text))), { timeout: 8000 }).toBe(true);
      since = botMessages(f).length;
      pressed = [...f.chat(chat)].reverse().find((m) => m.reply_markup?.inline_keyboard.flat().some((b) => step.press.test(b.text)));
      const before = pressed?.text;
      f.press(step.press);
      presses += 1;
      await f.waitFor('answerCallbackQuery', presses);
      // The pressed question can't be answered twice: its keyboard is gone, or (multi-select) it was redrawn.
      await expect.poll(() => pressed?.reply_markup === undefined || pressed.text !== before, { timeout: 8000 }).toBe(true);
    } else if ('expect' in step) {
      const candidates = (): string[] => [...(pressed ? [shown(pressed)] : []), ...botMessages(f).slice(since).map(shown)];
      await expect.poll(() => candidates().find((text) => step.expect.test(text)), { timeout: 8000 }).toBeDefined();
    } else if ('document' in step) {
      const [call] = await f.waitFor('sendDocument', 1);
      expect(call?.params.document).toMatchObject({ filename: step.document });
    } else {
      await expect.poll(() => botMessages(f).length, { timeout: 8000 }).toBeGreaterThan(since);
    }
  }
  return presses;
}

describe('telegram end to end (real entry point, fake Bot API, real Redis)', () => {
  it('should play the conversation with presses and typed answers', async () => {
    const { fake: f, app: running } = await launch();
    expect(f.callsOf('setMyCommands')).toHaveLength(1);
    const presses = await play(f, CONVERSATION);

    expect(f.callsOf('answerCallbackQuery')).toHaveLength(presses);
    expect(f.callsOf('editMessageText').length).toBeGreaterThanOrEqual(2); // multi-select toggles, drawn in place
    const keyboards = f.callsOf('sendMessage').filter((c) => c.params.reply_markup !== undefined);
    expect(keyboards.length).toBeGreaterThan(3);
    expect(f.callsOf('sendMessage').every((c) => c.status === 200 && c.params.parse_mode === 'HTML')).toBe(true);
    const [exported] = f.callsOf('sendDocument');
    expect(JSON.parse(String((exported?.params.document as { content: string }).content))).toHaveProperty('exportedAt');
    expect(running.stderr()).toContain('telegram connected');
    expect(running.stderr()).not.toContain('Rough day');
    expect(running.stderr()).not.toContain(String(chat));
  });

  it('should finish the turn in flight on SIGTERM and exit with 0', async () => {
    const { fake: f, app: running } = await launch();
    f.hold('sendMessage', 400);
    f.say('/start');
    await f.waitForArrival('sendMessage', 1);
    expect(await running.stop()).toBe(0);
    const sent = f.callsOf('sendMessage');
    expect(sent.length).toBeGreaterThanOrEqual(2); // the welcome and the menu, both answered
    expect(sent.every((c) => c.status === 200 && !c.abandoned)).toBe(true);
  });
});

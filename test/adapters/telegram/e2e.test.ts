import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSecret, startApp, type AppProcess } from '../../support/app-process.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { DEFAULT_USER, type FakeUser, type StoredMessage } from '../../fakes/telegram-updates.js';

// The conversation, as a table. `press` taps the newest button whose label matches, on a message that
// arrived since the last action (or on the multi-select just redrawn); `expect` waits for a bot message
// (new since the last action, or the one just pressed) matching the pattern.
type Step = { type: string } | { press: RegExp } | { expect: RegExp } | { document: string };

/** What a crisis message must be answered with: the safety layer asks before anything else. */
const CRISIS_REPLY = /Are you safe right now\?/;
const FEELINGS = 'they love me but want me to change';
const DRAFT = 'We need to talk. You always ignore me!!';

const ONBOARDING: Step[] = [
  { type: '/start' },
  { expect: /I'm Steady/ },
  { expect: /are you 18 or older\?/ },
  { press: /^Yes, I'm 18 or older$/ },
  { expect: /Can I remember your answers/ },
  { press: /^Yes, remember my answers$/ },
  { expect: /Shall we\?/ },
  { press: /^Yes, let's look at my situation$/ },
];

const ASSESSMENT: Step[] = [
  { expect: /1\/8 · What is your relationship/ },
  { press: /^We're married$/ },
  { expect: /2\/8/ },
  { press: /^Still under one roof$/ },
  { expect: /3\/8/ },
  { type: 'space' },
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
  { type: 'yes' },
  { expect: /8\/8/ },
  { press: /^None of these$/ },
  { expect: /Here is your plan/ },
  { expect: /Work on the very thing they asked you to change/ },
  { press: /^Next$/ },
  { expect: /Stop pleading/ },
  { expect: /Cut back the texts and calls/ },
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
  // Telegram tells bots no time zone, so Steady asks for one.
  { expect: /Which time zone are you in/ },
  { press: /^Central Europe$/ },
  { expect: /19:00 \(Europe\/Berlin\)/ },
  { expect: /That's your plan/ },
];

const CONTACT: Step[] = [
  { type: '/contact' },
  { expect: /What is this contact for\?/ },
  { press: /^Replying to something they sent$/ },
  { expect: /How are you feeling right now/ },
  { press: /^Calm$/ },
  { expect: /look over what you plan to send/ },
  { press: /^Yes, I'll paste my draft$/ },
  { expect: /Paste or type your draft/ },
  { type: DRAFT },
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

const CONVERSATION: Step[] = [
  ...ONBOARDING,
  ...ASSESSMENT,
  ...CONTACT,
  { type: '/export' },
  { document: 'steady-export.json' },
  { type: 'I want to end my life' },
  { expect: CRISIS_REPLY },
];

const TOKEN = '424242:e2e-token';
const chat = DEFAULT_USER.id;
let fake: FakeTelegram;
let app: AppProcess;

// One app for the file; the shutdown test runs last because it stops it.
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

const botMessages = (f: FakeTelegram): StoredMessage[] => f.chat(chat).filter((m) => m.fromBot);
const shown = (m: StoredMessage): string => m.text ?? m.caption ?? '';
const hasButton = (m: StoredMessage, label: RegExp): boolean =>
  m.reply_markup?.inline_keyboard.flat().some((b) => label.test(b.text)) ?? false;

async function play(f: FakeTelegram, steps: readonly Step[]): Promise<number> {
  let since = 0;
  let pressed: StoredMessage | undefined;
  let presses = 0;
  // Only what arrived since the last action counts, so a stale keyboard or an earlier answer never matches.
  const recent = (): StoredMessage[] => [...(pressed ? [pressed] : []), ...botMessages(f).slice(since)];
  for (const step of steps) {
    if ('type' in step) {
      since = botMessages(f).length;
      pressed = undefined;
      f.say(step.type);
    } else if ('press' in step) {
      await expect
        .poll(() => recent().some((m) => hasButton(m, step.press)), {
          timeout: 8000,
          message: `a button ${String(step.press)}`,
        })
        .toBe(true);
      const target = [...recent()].reverse().find((m) => hasButton(m, step.press));
      since = botMessages(f).length;
      pressed = target;
      const before = target?.text;
      f.press(step.press);
      presses += 1;
      await f.waitFor('answerCallbackQuery', presses);
      // The pressed question can't be answered twice: its keyboard is gone, or (multi-select) it was redrawn.
      await expect
        .poll(() => target?.reply_markup === undefined || target.text !== before, { timeout: 8000 })
        .toBe(true);
    } else if ('expect' in step) {
      const found = (): string | undefined =>
        recent()
          .map(shown)
          .find((text) => step.expect.test(text));
      await expect
        .poll(found, { timeout: 8000, message: `a bot message matching ${String(step.expect)}` })
        .toBeDefined();
    } else {
      const [call] = await f.waitFor('sendDocument', 1);
      expect(call?.params.document).toMatchObject({ filename: step.document });
    }
  }
  return presses;
}

describe('telegram end to end (real entry point, fake Bot API, real Redis)', () => {
  it('should play onboarding, the assessment and a reflection on a draft, with presses and typed answers', async () => {
    expect(fake.callsOf('setMyCommands')).toHaveLength(1);
    const presses = await play(fake, CONVERSATION);

    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(presses);
    expect(fake.callsOf('editMessageText').length).toBeGreaterThanOrEqual(2); // multi-select toggles, drawn in place
    const keyboards = fake.callsOf('sendMessage').filter((c) => c.params.reply_markup !== undefined);
    expect(keyboards.length).toBeGreaterThan(10);
    expect(fake.callsOf('sendMessage').every((c) => c.status === 200 && c.params.parse_mode === 'HTML')).toBe(true);
    const [exported] = fake.callsOf('sendDocument');
    const content = String((exported?.params.document as { content: string }).content);
    expect(JSON.parse(content)).toHaveProperty('exportedAt');
    expect(content).toContain('"intervention"'); // the typed answer to the feelings question was understood and kept
    expect(content).not.toContain('ignore me'); // the draft is reviewed, never stored
    const logs = app.stderr();
    expect(logs).toContain('telegram connected');
    for (const secret of [FEELINGS, 'ignore me', 'end my life', String(chat)]) expect(logs).not.toContain(secret);
  });

  it('should finish the turn in flight on SIGTERM and exit with 0', async () => {
    const other: FakeUser = { id: 5550002, first_name: 'Alex', language_code: 'en' };
    const toOther = (params: Record<string, unknown>): boolean => Number(params.chat_id) === other.id;
    fake.hold('sendMessage', 400);
    fake.say('/start', { user: other });
    await fake.waitForArrival('sendMessage', 1, 8000, toOther);
    expect(await app.stop()).toBe(0);
    const sent = fake.callsOf('sendMessage').filter((c) => toOther(c.params));
    expect(sent.length).toBeGreaterThanOrEqual(2); // the welcome and the age question, both answered
    expect(sent.every((c) => c.status === 200 && !c.abandoned)).toBe(true);
  });
});

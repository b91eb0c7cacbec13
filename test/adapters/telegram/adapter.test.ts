import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/types.js';
import { DEFAULT_USER } from '../../fakes/telegram-updates.js';
import { createTestEngine } from '../../support/engine.js';
import { messages, programOf } from '../../support/program.js';
import { botTexts, startHarness, TEST_FLOW, type Harness } from './harness.js';

/** A journey with a command of its own, which the menu must pick up. */
const JOURNAL_FLOW = `
id: journal
version: 1
title: Journal
command: journal
description: write a few lines about today
steps:
  - { id: done, type: end, role: info, text: ok }
`;

const chat = DEFAULT_USER.id;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function started(): Promise<Harness> {
  harness = await startHarness();
  return harness;
}

describe('telegram adapter (against the fake Bot API)', () => {
  it('should register the command menu and switch off any webhook at start-up', async () => {
    const { fake } = await started();
    const [commands] = fake.callsOf('setMyCommands');
    expect(commands?.params.commands).toEqual([
      { command: 'start', description: 'begin again with the welcome' },
      { command: 'menu', description: 'see what you can do' },
      { command: 'help', description: 'what Steady is, and every command' },
      { command: 'cancel', description: "leave what you're in the middle of" },
    ]);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('should build the command menu from the flows, so a flow with a new command shows up in it', async () => {
    harness = await startHarness({}, createTestEngine(programOf(TEST_FLOW, JOURNAL_FLOW), { clock: systemClock }));
    const [commands] = harness.fake.callsOf('setMyCommands');
    const menu = commands?.params.commands as { command: string; description: string }[];
    expect(menu.map((c) => c.command)).toEqual(['start', 'menu', 'help', 'cancel', 'journal']);
    expect(menu.at(-1)).toEqual({ command: 'journal', description: 'write a few lines about today' });
  });

  it('should play a journey with presses and typed text: acknowledged, keyboards retired, multi-select edited in place', async () => {
    const { fake, events } = await started();
    fake.say('/start');
    await fake.waitFor('sendMessage', 1);
    expect(fake.callsOf('sendMessage')[0]?.params).toMatchObject({
      text: 'Pick &lt;one&gt; &amp; go',
      parse_mode: 'HTML',
    });
    expect(events[0]).toMatchObject({
      kind: 'command',
      command: 'start',
      locale: 'en',
      id: expect.stringMatching(/^telegram:\d+$/),
    });

    const first = fake.press(/Alpha/);
    await fake.waitFor('sendMessage', 2);
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual([
      (first.callback_query as { id: string }).id,
    ]);
    expect(fake.chat(chat)[1]?.reply_markup).toBeUndefined(); // the answered question has no buttons left
    expect(botTexts(fake, chat).at(-1)).toBe('Pick several');

    fake.press(/^Ex$/);
    await fake.waitFor('editMessageText', 1);
    fake.press(/^Why$/);
    await fake.waitFor('editMessageText', 2);
    const multi = fake
      .chat(chat)
      .filter((m) => m.fromBot)
      .at(-1);
    expect(multi?.text).toBe('Pick several\n\nSelected so far: Ex, Why. Pick more, or choose Done.');
    expect(multi?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['Ex', 'Why', 'Done']);
    expect(fake.callsOf('sendMessage')).toHaveLength(2); // toggles edit, they do not stack messages

    fake.press(/^Done$/);
    await fake.waitFor('sendMessage', 3);
    expect(multi?.reply_markup).toBeUndefined();
    expect(botTexts(fake, chat).at(-1)).toBe('Say something');

    const typed = 'My <b>week</b> & <script>alert(1)</script> _*[]()~`>#+-=|{}.!';
    fake.say(typed);
    await fake.waitFor('sendMessage', 4);
    expect(botTexts(fake, chat).at(-1)).toBe(`You said: ${typed}`);
    expect(fake.callsOf('sendMessage')[3]?.params.text).toBe(
      'You said: My &lt;b&gt;week&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; _*[]()~`&gt;#+-=|{}.!',
    );
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(4);
    expect(fake.calls.filter((c) => c.status !== 200)).toEqual([]);
  });

  it('should answer forged button data with "expired" and the current question again', async () => {
    const { fake, events } = await started();
    fake.say('/start');
    await fake.waitFor('sendMessage', 1);
    fake.press(/Beta/, { data: 'forged-by-someone' });
    await fake.waitFor('sendMessage', 3);
    expect(events.at(-1)).toMatchObject({ kind: 'choice', token: 'forged-by-someone' });
    expect(botTexts(fake, chat).slice(-2)).toEqual([messages.expired, 'Pick <one> & go']);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('should keep the keyboard when a press could not be applied (store down), so the same button works later', async () => {
    let down = false;
    harness = await startHarness(
      undefined,
      undefined,
      (handle) => async (event) =>
        down ? { status: 'unavailable', replies: [{ kind: 'error', text: messages.storeDown }] } : handle(event),
    );
    const { fake } = harness;
    fake.say('/start');
    await fake.waitFor('sendMessage', 1);
    down = true;
    fake.press(/Alpha/);
    await fake.waitFor('sendMessage', 2);
    expect(botTexts(fake, chat).at(-1)).toBe(messages.storeDown);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(fake.chat(chat)[1]?.reply_markup).toBeDefined();
    down = false;
    fake.press(/Alpha/);
    await fake.waitFor('sendMessage', 3);
    expect(botTexts(fake, chat).at(-1)).toBe('Pick several');
    expect(fake.callsOf('editMessageReplyMarkup')).toHaveLength(1);
  });

  it('should wait out a 429 and still deliver the reply', async () => {
    const { fake } = await started();
    fake.fail('sendMessage', { type: 'rateLimit', retryAfter: 1 });
    fake.say('/start');
    await fake.waitFor('sendMessage', 2);
    const [limited, delivered] = fake.callsOf('sendMessage');
    expect(limited?.status).toBe(429);
    expect(delivered?.status).toBe(200);
    expect(delivered?.params.text).toBe(limited?.params.text);
    expect(botTexts(fake, chat)).toEqual(['Pick <one> & go']);
  });

  it('should mark a user who blocked the bot unreachable, without retrying', async () => {
    const { fake, stateOf } = await started();
    fake.block(chat);
    fake.say('/start');
    await fake.waitFor('sendMessage', 1);
    await expect.poll(async () => (await stateOf(chat)).settings.unreachable, { timeout: 3000 }).toBe(true);
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([403]);
  });

  it('should report a scheduled send refused with 403 as unreachable, and leave marking the user to the send queue', async () => {
    const { fake, adapter, events } = await started();
    fake.block(chat);
    const result = await adapter.send(String(chat), [{ kind: 'info', text: 'Time for your check-in.' }]);
    expect(result).toEqual({ status: 'unreachable', reason: 'telegram:403' });
    expect(events).toEqual([]); // no signal turn: the queue marks the user by key
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([403]);
  });

  it('should report a 429 on a scheduled send as rateLimited at once, with nothing retried', async () => {
    const { fake, adapter } = await started();
    fake.fail('sendMessage', { type: 'rateLimit', retryAfter: 3 });
    const result = await adapter.send(String(chat), [{ kind: 'info', text: 'Time for your check-in.' }]);
    expect(result).toEqual({ status: 'rateLimited', retryAfterMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([429]);
    expect(await adapter.send(String(chat), [{ kind: 'info', text: 'Time for your check-in.' }])).toEqual({
      status: 'sent',
    });
    expect(botTexts(fake, chat)).toEqual(['Time for your check-in.']);
  });

  it('should stop a scheduled burst at a 429 part-way and report rateLimited', async () => {
    const { fake, adapter } = await started();
    fake.fail('sendDocument', { type: 'rateLimit', retryAfter: 2 });
    const document = { filename: 'steady-export.json', mimeType: 'application/json', content: '{}' };
    const result = await adapter.send(String(chat), [
      { kind: 'info', text: 'Your copy, with a note. '.repeat(60), document },
    ]);
    expect(result).toEqual({ status: 'rateLimited', retryAfterMs: 2000 });
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([200]);
    expect(fake.callsOf('sendDocument').map((c) => c.status)).toEqual([429]);
  });

  it('should reject other failures of a scheduled send without the message text or chat id', async () => {
    const { fake, adapter } = await started();
    fake.fail('sendMessage', { type: 'error', code: 400, description: 'Bad Request: chat not found' });
    const sending = adapter.send(String(chat), [{ kind: 'info', text: 'Private words.' }]);
    await expect(sending).rejects.toThrow(/sendMessage 400: Bad Request: chat not found/);
    const error = await sending.catch((e: unknown) => e);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toMatch(new RegExp(`Private words|${chat}`));
  });

  it('should answer a group with a note pointing to a private chat and never call the engine', async () => {
    const { fake, events } = await started();
    fake.say('@SteadyBot hello', { chatId: -100200, chatType: 'supergroup', user: { id: 777, first_name: 'Alex' } });
    fake.say('just chatting', { chatId: -100200, chatType: 'supergroup', user: { id: 777, first_name: 'Alex' } });
    fake.say('/start');
    await fake.waitFor('sendMessage', 2);
    const note = fake.callsOf('sendMessage').find((c) => c.params.chat_id === -100200);
    expect(note?.params.text).toMatch(/private chat/);
    expect(note?.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Open a private chat', url: 'https://t.me/SteadyBot' }]],
    });
    expect(fake.callsOf('sendMessage').filter((c) => c.params.chat_id === -100200)).toHaveLength(1);
    expect(events.map((e) => e.userId)).toEqual([String(chat)]);
  });

  it('should answer stickers, photos and voice notes kindly', async () => {
    const { fake } = await started();
    fake.send({
      sticker: {
        file_id: 'CAAC',
        file_unique_id: 'A',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        type: 'regular',
      },
    });
    await fake.waitFor('sendMessage', 1);
    expect(botTexts(fake, chat)[0]).toBe(messages.unsupported);
  });

  it('should split long scheduled texts within 4096 characters and send documents as files', async () => {
    const { fake, adapter } = await started();
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}. ${'Some words here. '.repeat(30)}`).join('\n\n');
    const content = JSON.stringify({ data: { profile: { note: '<mine>' } } });
    const result = await adapter.send(String(chat), [
      { kind: 'info', text: long },
      {
        kind: 'info',
        text: 'Your copy',
        document: { filename: 'steady-export.json', mimeType: 'application/json', content },
      },
    ]);
    expect(result).toEqual({ status: 'sent' });
    const texts = fake.callsOf('sendMessage');
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((c) => c.status === 200)).toBe(true);
    const [document] = fake.callsOf('sendDocument');
    expect(document?.params.document).toMatchObject({ filename: 'steady-export.json', content });
    expect(document?.params.caption).toBe('Your copy');
  });

  it('should finish the turn in flight when stopped', async () => {
    const current = await started();
    current.fake.hold('sendMessage', 400);
    current.fake.say('/start');
    await current.fake.waitForArrival('sendMessage', 1);
    await current.adapter.stop();
    const [sent] = current.fake.callsOf('sendMessage');
    expect(sent).toMatchObject({ status: 200, abandoned: false });
  });
});

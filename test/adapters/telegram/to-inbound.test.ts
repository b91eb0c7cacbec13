import { describe, expect, it } from 'vitest';
import { toInbound } from '../../../adapters/telegram/to-inbound.js';
import { fixture } from './fixtures.js';

const context = { botUsername: 'SteadyBot', now: 1_763_802_999_000 };
const map = (name: string) => toInbound(fixture(name), context);

describe('toInbound', () => {
  it('should map a private text message to a text turn with a namespaced event id, locale and the message time', () => {
    expect(map('text')).toEqual({
      type: 'turn',
      event: {
        kind: 'text',
        text: "I feel a bit lost today & don't know <why>",
        id: 'telegram:735108419',
        platform: 'telegram',
        userId: '5550001',
        address: '5550001',
        locale: 'de',
        at: 1_763_802_000_000,
      },
    });
  });

  it('should map a command to its lower-case name and the rest of the line', () => {
    const result = map('command');
    expect(result).toMatchObject({
      type: 'turn',
      event: { kind: 'command', command: 'contact', args: 'she wrote to me last night', locale: 'en-GB' },
    });
  });

  it('should strip the bot name from /start@SteadyBot', () => {
    expect(map('command-at-bot')).toMatchObject({
      type: 'turn',
      event: { kind: 'command', command: 'start', args: '' },
    });
  });

  it('should map a button press to a choice with the pressed message for editing, stamped with the current time', () => {
    const result = map('callback-query');
    expect(result.type).toBe('turn');
    if (result.type !== 'turn') return;
    expect(result.event).toMatchObject({
      kind: 'choice',
      token: '3.1',
      id: 'telegram:735108422',
      address: '5550001',
      at: context.now,
      locale: 'en',
    });
    expect(result.press).toMatchObject({
      callbackId: '4382719283748172635',
      token: '3.1',
      message: { chatId: 5550001, messageId: 1024 },
    });
    expect(result.press?.message?.keyboard.flat().map((b) => b.callback_data)).toEqual(['3.0', '3.1', '3.d']);
  });

  it('should still hand forged data from a message Telegram no longer shows to the engine, without a message to edit', () => {
    const result = map('callback-inaccessible');
    expect(result).toMatchObject({
      type: 'turn',
      event: { kind: 'choice', token: 'zz-not-a-token' },
      press: { callbackId: '4382719283748172636' },
    });
    expect(result.type === 'turn' && result.press?.message).toBeFalsy();
  });

  it('should map an edited message to an edited turn with its new words, stamped with the edit time', () => {
    expect(map('edited-message')).toEqual({
      type: 'turn',
      event: {
        kind: 'edited',
        text: "I feel a bit lost today and don't know why",
        id: 'telegram:735108424',
        platform: 'telegram',
        userId: '5550001',
        address: '5550001',
        locale: 'de',
        at: 1_763_802_064_000,
      },
    });
  });

  it('should ignore an edited command, an edit in a group and an edit without words', () => {
    const edit = fixture('edited-message') as { edited_message: Record<string, unknown> };
    const withText = (patch: Record<string, unknown>) =>
      toInbound({ ...edit, edited_message: { ...edit.edited_message, ...patch } }, context);
    expect(withText({ text: '/today' })).toEqual({ type: 'ignore' });
    expect(withText({ chat: { id: -100, type: 'group' } })).toEqual({ type: 'ignore' });
    expect(withText({ text: '   ' })).toEqual({ type: 'ignore' });
  });

  it("should read an edited photo caption's new words", () => {
    const edit = fixture('edited-message') as { edited_message: Record<string, unknown> };
    const { text: _text, ...message } = edit.edited_message;
    const result = toInbound({ ...edit, edited_message: { ...message, photo: [], caption: 'new words' } }, context);
    expect(result).toMatchObject({ type: 'turn', event: { kind: 'edited', text: 'new words' } });
  });

  it.each(['sticker', 'photo', 'voice'])('should map a %s to an unsupported turn', (name) => {
    expect(map(name)).toMatchObject({
      type: 'turn',
      event: { kind: 'unsupported', platform: 'telegram', userId: '5550001' },
    });
  });

  it('should carry the caption of a photo with the unsupported turn, so it is screened', () => {
    expect(map('photo-caption')).toMatchObject({
      type: 'turn',
      event: { kind: 'unsupported', text: "this is the last photo of me, I'm going to end my life tonight" },
    });
  });

  it('should answer a group only when the bot is addressed, and never as a turn', () => {
    expect(map('group-mention')).toEqual({ type: 'group', chatId: -1001234567890 });
    expect(map('group-command')).toEqual({ type: 'group', chatId: -1001234567890 });
    expect(map('group-chatter')).toEqual({ type: 'ignore' });
  });

  it('should ignore a group command meant for another bot, and messages from bots', () => {
    const other = fixture('group-command');
    (other.message as { text: string }).text = '/start@OtherBot';
    expect(toInbound(other, context)).toEqual({ type: 'ignore' });
    const fromBot = fixture('text');
    (fromBot.message as { from: { is_bot: boolean } }).from.is_bot = true;
    expect(toInbound(fromBot, context)).toEqual({ type: 'ignore' });
  });

  it('should ignore a payload that is not an update, and a service message', () => {
    expect(toInbound({ hello: 'world' }, context)).toEqual({ type: 'ignore' });
    const service = fixture('text');
    const message = service.message as Record<string, unknown>;
    delete message.text;
    message.new_chat_title = 'renamed';
    expect(toInbound(service, context)).toEqual({ type: 'ignore' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  fromBlockActions,
  fromEventEnvelope,
  fromSlashCommand,
  fromViewSubmission,
  textInput,
  toInboundEvent,
} from '../../../adapters/slack/to-inbound.js';
import { fixture, fixtureText } from '../../fakes/slack-requests.js';

const form = (text: string): Record<string, string> => Object.fromEntries(new URLSearchParams(text));

/** The block_actions fixture with its one action changed. */
function withAction(change: Record<string, string>): Record<string, unknown> {
  const payload = fixture('block-actions.json');
  payload.actions = (payload.actions as object[]).map((action) => ({ ...action, ...change }));
  return payload;
}

describe('fromEventEnvelope', () => {
  it('should map a DM message to decoded text with the event id', () => {
    expect(fromEventEnvelope(fixture('message-im.json'))).toEqual({
      kind: 'turn',
      turn: {
        input: { kind: 'text', text: 'Mostly <okay> & tired, see this page @U0OTHER01' },
        id: 'slack:Ev0MSG0001',
        user: 'U0USER001',
        channel: 'D0DMCHAN01',
      },
    });
  });

  it('should map a shared file to unsupported', () => {
    const intent = fromEventEnvelope(fixture('message-file-share.json'));
    expect(intent).toMatchObject({ kind: 'turn', turn: { input: { kind: 'unsupported' }, id: 'slack:Ev0FILE001' } });
  });

  it("should carry a file message's own words, so they are screened", () => {
    const envelope = fixture('message-file-share.json') as { event: Record<string, unknown> };
    const withWords = { ...envelope, event: { ...envelope.event, text: 'I want to kill myself' } };
    expect(fromEventEnvelope(withWords)).toMatchObject({
      kind: 'turn',
      turn: { input: { kind: 'unsupported', text: 'I want to kill myself' } },
    });
  });

  it('should ignore the bot’s own messages', () => {
    expect(fromEventEnvelope(fixture('message-bot.json'))).toEqual({ kind: 'ignore' });
  });

  it('should map an edited DM to an edited turn with its new words, for screening only', () => {
    expect(fromEventEnvelope(fixture('message-changed.json'))).toEqual({
      kind: 'turn',
      turn: {
        input: { kind: 'edited', text: 'edited' },
        id: 'slack:Ev0EDIT001',
        user: 'U0USER001',
        channel: 'D0DMCHAN01',
      },
    });
  });

  it('should ignore an edit of a bot message, an edit into a command, and an edit outside a DM', () => {
    const edit = (patch: Record<string, unknown>, message: Record<string, unknown> = {}) => {
      const envelope = fixture('message-changed.json');
      const event = envelope.event as Record<string, unknown>;
      Object.assign(event, patch, { message: { ...(event.message as object), ...message } });
      return fromEventEnvelope(envelope);
    };
    expect(edit({}, { bot_id: 'B0OTHER01' })).toEqual({ kind: 'ignore' });
    expect(edit({}, { text: '/steady today' })).toEqual({ kind: 'ignore' });
    expect(edit({ channel_type: 'channel', channel: 'C0GENERAL1' })).toEqual({ kind: 'ignore' });
    // A link preview added later: the words are the ones already read.
    expect(edit({ previous_message: { type: 'message', text: 'edited' } })).toEqual({ kind: 'ignore' });
  });

  it('should ignore messages outside a DM', () => {
    const envelope = fixture('message-im.json');
    Object.assign(envelope.event as object, { channel_type: 'channel', channel: 'C0GENERAL1' });
    expect(fromEventEnvelope(envelope)).toEqual({ kind: 'ignore' });
  });

  it('should map app_home_opened on the home tab only', () => {
    expect(fromEventEnvelope(fixture('app-home-opened.json'))).toEqual({ kind: 'home', user: 'U0USER001' });
    const messagesTab = fixture('app-home-opened.json');
    Object.assign(messagesTab.event as object, { tab: 'messages' });
    expect(fromEventEnvelope(messagesTab)).toEqual({ kind: 'ignore' });
  });

  it('should ignore payloads that are not event callbacks', () => {
    expect(fromEventEnvelope({ type: 'url_verification', challenge: 'x' })).toEqual({ kind: 'ignore' });
    expect(fromEventEnvelope(null)).toEqual({ kind: 'ignore' });
  });
});

describe('textInput', () => {
  it('should read a leading /word as a command and blank text as nothing', () => {
    expect(textInput('/Export now')).toEqual({ kind: 'command', command: 'export', args: 'now' });
    expect(textInput('  &amp; ')).toEqual({ kind: 'text', text: '&' });
    expect(textInput('   ')).toBeUndefined();
  });
});

describe('fromSlashCommand', () => {
  it('should map /steady assess from the form body, answered in the DM (channel unknown yet)', () => {
    expect(fromSlashCommand(form(fixtureText('slash-command.txt')))).toEqual({
      kind: 'turn',
      turn: {
        input: { kind: 'command', command: 'assess', args: '' },
        id: 'slack:7912345678903.1234567890123.2a1b2c3d4e5f60718293a4b5c6d7e8f9',
        user: 'U0USER001',
      },
    });
  });

  it('should treat an empty /steady as the menu and keep arguments', () => {
    const body = form(fixtureText('slash-command.txt'));
    expect(fromSlashCommand({ ...body, text: '' })).toMatchObject({ turn: { input: { command: 'menu', args: '' } } });
    expect(fromSlashCommand({ ...body, text: '/Log  slept well' })).toMatchObject({
      turn: { input: { command: 'log', args: 'slept well' } },
    });
  });
});

describe('fromBlockActions', () => {
  it('should map an answer button to its token, remembering the message to update', () => {
    const intent = fromBlockActions(fixture('block-actions.json'));
    expect(intent).toMatchObject({
      kind: 'turn',
      turn: {
        input: { kind: 'choice', token: '3.3' },
        id: 'slack:1732266010.123456',
        user: 'U0USER001',
        channel: 'D0DMCHAN01',
        pressed: { channel: 'D0DMCHAN01', ts: '1732266001.000400', actionId: 's:3.3', label: 'Angry' },
      },
    });
  });

  it('should pass an action id that is not ours to the engine as a choice', () => {
    expect(fromBlockActions(withAction({ action_id: 'forged<!channel>' }))).toMatchObject({
      kind: 'turn',
      turn: { input: { kind: 'choice', token: 'forged<!channel>' } },
    });
  });

  it('should map an App Home button to a command without a channel', () => {
    expect(fromBlockActions(fixture('block-actions-home.json'))).toEqual({
      kind: 'turn',
      turn: {
        input: { kind: 'command', command: 'assess', args: '' },
        id: 'slack:1732266210.654321',
        user: 'U0USER001',
      },
    });
  });

  it('should map the form button to opening a modal with the trigger id', () => {
    const payload = withAction({
      action_id: 'form',
      value: JSON.stringify({ title: 'Your draft', label: 'The message' }),
    });
    expect(fromBlockActions(payload)).toEqual({
      kind: 'form',
      user: 'U0USER001',
      triggerId: '7912345678901.1234567890123.0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      channel: 'D0DMCHAN01',
      form: { title: 'Your draft', label: 'The message' },
    });
  });
});

describe('fromViewSubmission', () => {
  it('should map the form to typed text in the DM it was opened from, taken literally', () => {
    expect(fromViewSubmission(fixture('view-submission.json'))).toEqual({
      kind: 'turn',
      turn: {
        input: { kind: 'text', text: "Hi, I'd like to talk about <the kids> & the weekend.\nNo pressure." },
        id: 'slack:V0FORM0001',
        user: 'U0USER001',
        channel: 'D0DMCHAN01',
      },
    });
  });

  it('should ignore another app view or a channel that is not an id', () => {
    const other = fixture('view-submission.json');
    Object.assign(other.view as object, { callback_id: 'someone_else' });
    expect(fromViewSubmission(other)).toEqual({ kind: 'ignore' });
    const bad = fixture('view-submission.json');
    Object.assign(bad.view as object, { private_metadata: '<!channel>' });
    expect(fromViewSubmission(bad)).toEqual({ kind: 'ignore' });
  });
});

describe('toInboundEvent', () => {
  it('should address the DM and the user, with the time zone when known', () => {
    const turn = { input: { kind: 'text', text: 'hi' } as const, id: 'slack:Ev1', user: 'U1AAAA' };
    expect(toInboundEvent(turn, 'D1AAAA', 42, { timezone: 'Europe/Berlin' })).toEqual({
      kind: 'text',
      text: 'hi',
      id: 'slack:Ev1',
      platform: 'slack',
      userId: 'U1AAAA',
      address: 'D1AAAA:U1AAAA',
      at: 42,
      timezone: 'Europe/Berlin',
    });
    expect(toInboundEvent(turn, 'D1AAAA', 42)).not.toHaveProperty('timezone');
  });
});

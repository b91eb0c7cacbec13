import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snowflakeTime, toInteraction, toMessageEvent } from '../../../adapters/discord/to-inbound.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`test/fixtures/discord/${name}.json`, 'utf8')) as Record<string, unknown>;
const NOW = 1_700_000_000_000;
const USER = '1260000000000000001';
const DM = '1290000000000000500';

describe('toInteraction', () => {
  it('should read a command in the settings group as the command itself', () => {
    const payload = fixture('interaction-command-dm');
    const data = {
      ...(payload.data as object),
      options: [{ name: 'settings', type: 2, options: [{ name: 'discreet', type: 1 }] }],
    };
    const mapped = toInteraction({ ...payload, data }, NOW);
    expect(mapped).toMatchObject({ kind: 'turn', event: { kind: 'command', command: 'discreet', args: '' } });
  });

  it('should map a slash command in a server to a private command turn addressed to the user, not the channel', () => {
    const mapped = toInteraction(fixture('interaction-command-guild'), NOW);
    expect(mapped).toEqual({
      kind: 'turn',
      ack: 'reply',
      reply: {
        id: '1300000000000000001',
        token: expect.any(String),
        applicationId: '1280000000000000000',
        inServer: true,
      },
      event: {
        kind: 'command',
        command: 'assess',
        args: '',
        id: 'discord:1300000000000000001',
        platform: 'discord',
        userId: USER,
        address: `user:${USER}`,
        locale: 'en-GB',
        at: snowflakeTime('1300000000000000001'),
      },
    });
  });

  it('should map a slash command in a DM to a turn answered in that DM channel', () => {
    const mapped = toInteraction(fixture('interaction-command-dm'), NOW);
    expect(mapped).toMatchObject({
      kind: 'turn',
      ack: 'reply',
      reply: { inServer: false },
      event: { kind: 'command', command: 'start', address: DM, userId: USER },
    });
  });

  it('should map a button press to its choice token and acknowledge it as an update of the pressed message', () => {
    expect(toInteraction(fixture('interaction-button-dm'), NOW)).toMatchObject({
      kind: 'turn',
      ack: 'update',
      event: { kind: 'choice', token: '4.2', id: 'discord:1300000000000000003', address: DM },
    });
  });

  it('should map a select menu pick to the picked value as the token', () => {
    expect(toInteraction(fixture('interaction-select-guild'), NOW)).toMatchObject({
      kind: 'turn',
      reply: { inServer: true },
      event: { kind: 'choice', token: '7.1a' },
    });
  });

  it('should map a modal submit (action row or Label component) to typed text, kept as written', () => {
    expect(toInteraction(fixture('interaction-modal-dm'), NOW)).toMatchObject({
      kind: 'turn',
      ack: 'reply',
      event: { kind: 'text', text: "I wanted to say I'm sorry about the **weekend**." },
    });
    expect(toInteraction(fixture('interaction-modal-label-guild'), NOW)).toMatchObject({
      reply: { inServer: true },
      event: { kind: 'text', text: 'A note typed in a server.' },
    });
  });

  it('should turn a form button into a modal request carrying the title and label', () => {
    const press = {
      ...fixture('interaction-modal-dm'),
      type: 3,
      data: { custom_id: 'f:e:Unsent messageWhat you want to tell them', component_type: 2 },
    };
    expect(toInteraction(press, NOW)).toMatchObject({
      kind: 'form',
      form: { title: 'Unsent message', label: 'What you want to tell them' },
    });
  });

  it('should recognise the DM offer button', () => {
    const press = { ...fixture('interaction-select-guild'), data: { custom_id: 'dm', component_type: 2 } };
    expect(toInteraction(press, NOW)).toMatchObject({ kind: 'dmOffer', userId: USER, reply: { inServer: true } });
  });

  it('should pass forged or mangled custom ids to the engine as choices instead of dropping them', () => {
    for (const customId of ['x:evil', 'f:zz', 'f:5:ab', '']) {
      const press = { ...fixture('interaction-button-dm'), data: { custom_id: customId, component_type: 2 } };
      expect(toInteraction(press, NOW)).toMatchObject({ kind: 'turn', event: { kind: 'choice', token: customId } });
    }
  });

  it('should ignore pings, autocomplete and payloads that are not interactions', () => {
    expect(toInteraction({ ...fixture('interaction-command-dm'), type: 1 }, NOW)).toBeUndefined();
    expect(toInteraction({ ...fixture('interaction-command-dm'), type: 4 }, NOW)).toBeUndefined();
    expect(toInteraction({ id: 'x' }, NOW)).toBeUndefined();
    expect(toInteraction({ ...fixture('interaction-command-dm'), data: { name: 7 } }, NOW)).toBeUndefined();
  });

  it('should treat a group DM as public, like a server channel', () => {
    const { channel: _c, user, ...rest } = fixture('interaction-command-dm');
    expect(toInteraction({ ...rest, user, context: 2 }, NOW)).toMatchObject({
      reply: { inServer: true },
      event: { address: `user:${USER}` },
    });
  });
});

describe('toMessageEvent', () => {
  it('should map a DM to trimmed text from its author, answered in its channel', () => {
    expect(toMessageEvent(fixture('message-create-dm'), NOW)).toEqual({
      kind: 'text',
      text: 'I keep checking my phone',
      id: 'discord:1310000000000000010',
      platform: 'discord',
      userId: USER,
      address: DM,
      at: snowflakeTime('1310000000000000010'),
    });
  });

  it('should read a leading /word as a command, and /steady <sub> as that subcommand', () => {
    const dm = fixture('message-create-dm');
    expect(toMessageEvent({ ...dm, content: '/Contact now please' }, NOW)).toMatchObject({
      kind: 'command',
      command: 'contact',
      args: 'now please',
    });
    expect(toMessageEvent({ ...dm, content: '/steady Today' }, NOW)).toMatchObject({
      kind: 'command',
      command: 'today',
      args: '',
    });
    expect(toMessageEvent({ ...dm, content: '/steady' }, NOW)).toMatchObject({ kind: 'command', command: 'menu' });
  });

  it('should map a sticker or a file without words to unsupported', () => {
    expect(toMessageEvent(fixture('message-create-dm-sticker'), NOW)).toMatchObject({
      kind: 'unsupported',
      address: DM,
    });
  });

  it('should never read server messages, bots (itself included) or system messages', () => {
    expect(toMessageEvent(fixture('message-create-guild'), NOW)).toBeUndefined();
    const dm = fixture('message-create-dm');
    expect(toMessageEvent({ ...dm, author: { id: '1280000000000000099', bot: true } }, NOW)).toBeUndefined();
    expect(toMessageEvent({ ...dm, type: 6 }, NOW)).toBeUndefined();
    expect(toMessageEvent({ ...dm, webhook_id: '1' }, NOW)).toBeUndefined();
    expect(toMessageEvent({ content: 'hi' }, NOW)).toBeUndefined();
  });
});

describe('snowflakeTime', () => {
  it('should read the creation time out of a snowflake', () => {
    // Discord's documented example: 175928847299117063 was created 2016-04-30T11:18:25.796Z.
    expect(new Date(snowflakeTime('175928847299117063') ?? 0).toISOString()).toBe('2016-04-30T11:18:25.796Z');
    expect(snowflakeTime('not-a-number')).toBeUndefined();
  });
});

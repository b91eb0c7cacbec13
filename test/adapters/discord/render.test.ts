import { describe, expect, it } from 'vitest';
import { parseComponent } from '../../../adapters/discord/custom-id.js';
import { escapeText, LIMITS, renderModal, renderReplies } from '../../../adapters/discord/render.js';
import type { DiscordMessage } from '../../../adapters/discord/render.js';
import { DISCORD_MESSAGES } from '../../../adapters/discord/texts.js';
import { bindTexts } from '../../../src/core/catalog.js';
import type { Choice, Reply } from '../../../src/core/types.js';
import { readCatalogs } from '../../support/catalogs.js';

const choices = (n: number, label = (i: number) => `Option ${i}`): Choice[] =>
  Array.from({ length: n }, (_, i) => ({ id: `9.${i.toString(36)}`, label: label(i) }));
const question = (extra: Partial<Reply> = {}): Reply => ({ kind: 'question', text: 'Pick one.', ...extra });
const texts = bindTexts(DISCORD_MESSAGES, readCatalogs());
const dm = { inServer: false, texts };
const server = { inServer: true, texts };

type Item = {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  options?: { label: string; value: string }[];
};
const items = (message: DiscordMessage | undefined): Item[] =>
  (message?.body.components ?? []).flatMap((row) => row.components as Item[]);
// What a reader sees: Discord drops the backslash in front of an escaped character.
const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

describe('renderReplies', () => {
  it('should lay out choice buttons five to a row with custom ids the engine tokens come back from', () => {
    const [message] = renderReplies([question({ choices: choices(7) })], dm);
    expect(message?.body.components?.map((row) => row.components.length)).toEqual([5, 2]);
    const ids = items(message).map((item) => item.custom_id ?? '');
    expect(ids.map((id) => parseComponent(id, undefined))).toEqual(
      choices(7).map((c) => ({ kind: 'choice', token: c.id })),
    );
    expect(ids.every((id) => id.length <= 100)).toBe(true);
  });

  it('should cut labels to 80 characters and mark a multi-select Done button', () => {
    const long = 'x'.repeat(120);
    const [message] = renderReplies(
      [question({ multi: true, choices: [...choices(2, () => long), { id: '9.d', label: 'Done' }] })],
      dm,
    );
    const buttons = items(message);
    expect(buttons[0]?.label).toHaveLength(LIMITS.buttonLabel);
    expect(buttons.map((b) => b.style)).toEqual([2, 2, 3]);
  });

  it('should turn a list longer than 25 buttons into select menus of up to 25 options', () => {
    const [message] = renderReplies([question({ choices: choices(30) })], dm);
    const menus = items(message);
    expect(menus.map((m) => [m.type, m.options?.length])).toEqual([
      [3, 25],
      [3, 5],
    ]);
    expect(menus.flatMap((m) => m.options?.map((o) => o.value) ?? [])).toEqual(choices(30).map((c) => c.id));
    expect(parseComponent(menus[1]?.custom_id ?? '', ['9.u'])).toEqual({ kind: 'choice', token: '9.u' });
  });

  it('should keep 25 buttons as buttons in DMs but switch to a menu in a server, where the DM offer needs a row', () => {
    expect(items(renderReplies([question({ choices: choices(25) })], dm)[0]).every((i) => i.type === 2)).toBe(true);
    const inServer = renderReplies([question({ choices: choices(25) })], server)[0];
    expect(inServer?.body.components).toHaveLength(2);
    expect(items(inServer).map((i) => i.type)).toEqual([3, 2]);
  });

  it('should make every message ephemeral in a server and offer DMs on the last one only', () => {
    const messages = renderReplies([{ kind: 'info', text: 'One.' }, question({ choices: choices(2) })], server);
    expect(messages.map((m) => m.body.flags)).toEqual([64, 64]);
    expect(items(messages[0])).toEqual([]);
    expect(items(messages[1]).at(-1)).toMatchObject({ custom_id: 'dm', style: 1 });
    expect(renderReplies([question()], dm).every((m) => m.body.flags === undefined && items(m).length === 0)).toBe(
      true,
    );
  });

  it('should add a form button that opens the modal described by the reply', () => {
    const form = { title: 'Your draft', label: 'What you want to send' };
    const [button] = items(renderReplies([question({ form })], dm)[0]);
    expect(parseComponent(button?.custom_id ?? '', undefined)).toEqual({ kind: 'form', form });
    expect(renderModal(form)).toMatchObject({
      custom_id: 'm',
      title: 'Your draft',
      components: [
        {
          type: 1,
          components: [{ type: 4, style: 2, custom_id: 't', label: 'What you want to send', required: true }],
        },
      ],
    });
  });

  it('should split long text into parts of at most 2000 characters with the buttons on the last part', () => {
    const text = Array.from(
      { length: 60 },
      (_, i) => `Sentence ${i} says something calm and useful about the day.`,
    ).join(' ');
    const messages = renderReplies([question({ text: `${text}\n\n${text}`, choices: choices(2) })], dm);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => (m.body.content ?? '').length <= LIMITS.content)).toBe(true);
    expect(messages.map((m) => items(m).length)).toEqual([...messages.slice(1).map(() => 0), 2]);
  });

  it('should still fit 2000 characters when escaping doubles the text', () => {
    const text = '*_'.repeat(1500);
    const messages = renderReplies([{ kind: 'info', text }], dm);
    expect(messages.every((m) => (m.body.content ?? '').length <= LIMITS.content)).toBe(true);
    expect(messages.map((m) => unescape(m.body.content ?? '')).join('')).toBe(text);
  });

  it('should send no mentions with any message', () => {
    const messages = renderReplies([{ kind: 'info', text: '@everyone' }, question({ choices: choices(3) })], server);
    expect(messages.map((m) => m.body.allowed_mentions)).toEqual([{ parse: [] }, { parse: [] }]);
  });

  it('should attach a document to the last part as a file', () => {
    const document = { filename: 'steady-export.json', mimeType: 'application/json', content: '{"a":1}' };
    const [message] = renderReplies([{ kind: 'info', text: 'Here it is.', document }], dm);
    expect(message?.body.attachments).toEqual([{ id: 0, filename: 'steady-export.json' }]);
    expect(message?.files?.[0]?.data.toString('utf8')).toBe('{"a":1}');
  });
});

describe('escapeText', () => {
  it('should escape markdown, quotes, headings, lists, links and mention syntax so text shows as written', () => {
    const raw =
      '**bold** _it_ ~~s~~ ||spoiler|| `code`\n# Head\n- item\n> quote\n[x](https://example.com) <@123> <#456>';
    const escaped = escapeText(raw);
    expect(escaped).not.toMatch(/(?<!\\)\*\*|(?<!\\)`|^#|^- |^>|(?<!\\)<@/m);
    expect(unescape(escaped)).toBe(raw);
  });

  it('should leave plain sentences alone', () => {
    expect(escapeText("It's 3 p.m. and that's fine; take a breath.")).toBe(
      "It's 3 p.m. and that's fine; take a breath.",
    );
  });
});

import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  formView,
  LIMITS,
  renderReplies as render,
  splitEscaped,
  withChoiceMade,
} from '../../../adapters/slack/render.js';
import { SLACK_MESSAGES } from '../../../adapters/slack/texts.js';
import { bindTexts } from '../../../src/core/catalog.js';
import type { Reply } from '../../../src/core/types.js';
import { fixture } from '../../fakes/slack-requests.js';
import { readCatalogs } from '../../support/catalogs.js';

const texts = bindTexts(SLACK_MESSAGES, readCatalogs());
const renderReplies = (replies: readonly Reply[]) => render(replies, texts);

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; text: string | { text: string } }[];
};
const blocksOf = (message: { blocks: unknown[] } | undefined): AnyBlock[] => (message?.blocks ?? []) as AnyBlock[];

describe('renderReplies', () => {
  it('should render text as an escaped section with the same escaped fallback', () => {
    const [message] = renderReplies([{ kind: 'info', text: 'Hi <!channel> & <@U1> <https://x.example|click>' }]);
    const escaped = 'Hi &lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x.example|click&gt;';
    expect(message).toEqual({
      text: escaped,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escaped, verbatim: true } }],
    });
  });

  it('should put choices on buttons with opaque action ids, after the text', () => {
    const reply: Reply = {
      kind: 'question',
      text: 'How are you?',
      choices: [
        { id: '3.0', label: 'Calm' },
        { id: '3.1', label: 'Sad' },
      ],
    };
    const [message] = renderReplies([reply]);
    expect(blocksOf(message).map((b) => b.type)).toEqual(['section', 'actions']);
    expect(blocksOf(message)[1]?.elements).toEqual([
      { type: 'button', action_id: 's:3.0', value: '3.0', text: { type: 'plain_text', text: 'Calm', emoji: true } },
      { type: 'button', action_id: 's:3.1', value: '3.1', text: { type: 'plain_text', text: 'Sad', emoji: true } },
    ]);
  });

  it('should spread more than 25 buttons over several actions blocks', () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ id: `1.${i.toString(36)}`, label: `Option ${i}` }));
    const [message] = renderReplies([{ kind: 'question', text: 'Pick', choices }]);
    expect(
      blocksOf(message)
        .filter((b) => b.type === 'actions')
        .map((b) => b.elements?.length),
    ).toEqual([25, 5]);
  });

  it('should keep sections within 3000 characters even when escaping lengthens the text', () => {
    const text = `${'<'.repeat(2000)} ${'word '.repeat(1500)}`;
    const messages = renderReplies([{ kind: 'info', text }]);
    const sections = messages.flatMap(blocksOf).filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) expect(section.text?.text.length).toBeLessThanOrEqual(LIMITS.section);
    expect(
      sections
        .map((s) => s.text?.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(text.replace(/\s/g, '').replace(/</g, '&lt;'));
  });

  it('should continue a long document in further messages of at most 50 blocks, buttons on the last', () => {
    const content = JSON.stringify({ notes: Array.from({ length: 4000 }, (_, i) => `note ${i} <b>`) });
    const reply: Reply = {
      kind: 'info',
      text: 'Here it is.',
      document: { filename: 'steady-export.json', mimeType: 'application/json', content },
      choices: [{ id: '1.0', label: 'OK' }],
    };
    const messages = renderReplies([reply]);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(blocksOf(messages.at(-1)).at(-1)?.type).toBe('actions');
    const code = messages.flatMap(blocksOf).filter((b) => b.text?.text.startsWith('```'));
    expect(code.every((b) => (b.text?.text.length ?? 0) <= LIMITS.section && b.text?.text.endsWith('```'))).toBe(true);
    expect(JSON.stringify(messages)).not.toContain('<b>');
  });

  it('should offer a form button for a long answer, carrying the form title and label', () => {
    const [message] = renderReplies([
      { kind: 'question', text: 'Write your draft.', form: { title: 'Your draft', label: 'The message' } },
    ]);
    const [button] = blocksOf(message)[1]?.elements ?? [];
    expect(button).toMatchObject({
      action_id: 'form',
      value: JSON.stringify({ title: 'Your draft', label: 'The message' }),
    });
  });

  it('should write Steady commands as the /steady slash command', () => {
    const [message] = renderReplies([
      { kind: 'info', text: 'Type /menu to go on, or /steady help. Not 24/7 or and/or.' },
    ]);
    expect(message?.text).toBe('Type /steady menu to go on, or /steady help. Not 24/7 or and/or.');
  });

  it('should cut a button label to 75 characters', () => {
    const [message] = renderReplies([{ kind: 'question', text: 'Q', choices: [{ id: '1.0', label: 'x'.repeat(90) }] }]);
    const [button] = blocksOf(message)[1]?.elements ?? [];
    expect((button?.text as { text: string }).text).toHaveLength(75);
  });
});

describe('withChoiceMade', () => {
  it('should replace the buttons of a real posted message with the chosen answer, escaped', () => {
    const message = fixture('block-actions.json').message as { blocks: types.KnownBlock[] };
    const blocks = withChoiceMade(message.blocks, 'Angry <3', texts);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(JSON.stringify(blocks[1])).toContain('✓ Angry &lt;3');
  });
});

describe('formView', () => {
  it('should build a modal with one multiline input and the DM channel as metadata, the title within 24 characters', () => {
    const view = formView({ title: 'The message you want to send them', label: 'Your draft' }, 'D0DMCHAN01', texts);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'steady_form', private_metadata: 'D0DMCHAN01' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0]).toMatchObject({
      type: 'input',
      block_id: 'answer',
      element: { type: 'plain_text_input', action_id: 'text', multiline: true },
    });
  });
});

describe('splitEscaped', () => {
  it('should never exceed the limit, even for text that is all ampersands', () => {
    const parts = splitEscaped('&'.repeat(1000), 100);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
    expect(parts.join('')).toBe('&amp;'.repeat(1000));
  });
});

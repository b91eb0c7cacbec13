import { describe, expect, it } from 'vitest';
import { escapeHtml, keyboardOf, renderReplies } from '../../../adapters/telegram/render.js';
import { parseTelegramHtml } from '../../fakes/telegram-html.js';

describe('escapeHtml', () => {
  it('should make markup and MarkdownV2 specials arrive as the literal text', () => {
    const text = 'Use <b>bold</b> & <script>alert(1)</script> _*[]()~`>#+-=|{}.! &amp;';
    const parsed = parseTelegramHtml(escapeHtml(text));
    expect(parsed).toEqual({ ok: true, text, entities: [] });
  });
});

describe('renderReplies', () => {
  it('should put the buttons under a question, one per row, with the token as callback data', () => {
    const out = renderReplies([
      {
        kind: 'question',
        text: 'How are you?',
        choices: [
          { id: '1.0', label: 'Calm' },
          { id: '1.1', label: 'Sad' },
        ],
      },
    ]);
    expect(out).toEqual([
      {
        type: 'text',
        html: 'How are you?',
        keyboard: {
          inline_keyboard: [[{ text: 'Calm', callback_data: '1.0' }], [{ text: 'Sad', callback_data: '1.1' }]],
        },
      },
    ]);
  });

  it('should split a long text on paragraph boundaries within 4096 characters and keep the buttons on the last part', () => {
    const paragraph = `${'word '.repeat(500).trim()}.`;
    const text = [paragraph, paragraph, paragraph].join('\n\n');
    const out = renderReplies([{ kind: 'question', text, choices: [{ id: '2.0', label: 'Next' }] }]);
    expect(out.length).toBeGreaterThan(1);
    for (const part of out) expect(part.type === 'text' && part.html.length).toBeLessThanOrEqual(4096);
    expect(out.map((p) => p.type === 'text' && p.html).join('\n\n')).toBe(text);
    expect(out.slice(0, -1).every((p) => p.type === 'text' && p.keyboard === undefined)).toBe(true);
    expect(out.at(-1)).toMatchObject({ keyboard: { inline_keyboard: [[{ text: 'Next', callback_data: '2.0' }]] } });
  });

  it('should send a document with its text as an escaped caption', () => {
    const out = renderReplies([
      {
        kind: 'info',
        text: 'Your data <all of it>',
        document: { filename: 'steady-export.json', mimeType: 'application/json', content: '{"a":1}' },
      },
    ]);
    expect(out).toEqual([
      { type: 'document', filename: 'steady-export.json', content: '{"a":1}', caption: 'Your data &lt;all of it&gt;' },
    ]);
  });

  it('should refuse a token longer than Telegram allows rather than send a button that cannot work', () => {
    expect(() => keyboardOf([{ id: 'x'.repeat(65), label: 'Too long' }])).toThrow(/64-byte/);
    expect(keyboardOf([{ id: 'é'.repeat(32), label: 'Fits' }]).inline_keyboard).toHaveLength(1);
  });
});

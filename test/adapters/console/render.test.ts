import { describe, expect, it } from 'vitest';
import { renderReplies as render } from '../../../adapters/console/render.js';
import { CONSOLE_MESSAGES } from '../../../adapters/console/texts.js';
import type { Reply } from '../../../src/core/types.js';
import { bindTexts } from '../../../src/core/catalog.js';
import { readCatalogs, stubCatalogs } from '../../support/catalogs.js';

const texts = bindTexts(CONSOLE_MESSAGES, readCatalogs());
const renderReplies = (replies: readonly Reply[]): string => render(replies, texts);

describe('renderReplies', () => {
  it('should render plain text replies separated by a blank line', () => {
    expect(
      renderReplies([
        { text: 'Hello.', kind: 'info' },
        { text: 'Second.', kind: 'info' },
      ]),
    ).toBe('Hello.\n\nSecond.');
  });

  it('should number choices from 1', () => {
    const text = renderReplies([
      {
        text: 'How are you?',
        kind: 'question',
        choices: [
          { id: 't1', label: 'Fine' },
          { id: 't2', label: 'Not great' },
        ],
      },
    ]);
    expect(text).toBe('How are you?\n  1) Fine\n  2) Not great');
  });

  it('should add a note to multi-select questions', () => {
    const text = renderReplies([
      { text: 'Pick some', kind: 'question', multi: true, choices: [{ id: 'a', label: 'A' }] },
    ]);
    expect(text.split('\n')).toEqual(['Pick some', '  1) A', expect.stringContaining('several')]);
  });

  it('should take the note from the console catalog', () => {
    const own = bindTexts(CONSOLE_MESSAGES, stubCatalogs(CONSOLE_MESSAGES, { multiNote: 'choose any' }));
    const reply: Reply = { text: 'Pick some', kind: 'question', multi: true, choices: [{ id: 'a', label: 'A' }] };
    expect(render([reply], own)).toBe('Pick some\n  1) A\n  choose any');
  });

  it('should show a document with its filename and pretty JSON', () => {
    const text = renderReplies([
      {
        text: 'Your data:',
        kind: 'info',
        document: { filename: 'steady-export.json', mimeType: 'application/json', content: '{"a":{"b":1}}' },
      },
    ]);
    expect(text).toContain('steady-export.json');
    expect(text).toContain('{\n  "a": {\n    "b": 1\n  }\n}');
  });

  it('should show a non-JSON document as it is', () => {
    const text = renderReplies([
      { text: 'Notes', kind: 'info', document: { filename: 'notes.txt', mimeType: 'text/plain', content: 'plain {' } },
    ]);
    expect(text).toContain('plain {');
  });

  it('should render nothing for no replies', () => {
    expect(renderReplies([])).toBe('');
  });
});

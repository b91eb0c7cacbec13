import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../../adapters/shared/split.js';

describe('splitMessage', () => {
  it('keeps a short message whole', () => {
    expect(splitMessage('Hello there.', 4096)).toEqual(['Hello there.']);
  });

  it('splits on paragraph breaks first', () => {
    const a = 'a'.repeat(30);
    const b = 'b'.repeat(30);
    expect(splitMessage(`${a}\n\n${b}`, 40)).toEqual([a, b]);
  });

  it('falls back to sentence ends inside a long paragraph', () => {
    const text = 'One short sentence here. Another sentence follows it. And a third one closes.';
    const parts = splitMessage(text, 40);
    expect(parts).toEqual(['One short sentence here.', 'Another sentence follows it.', 'And a third one closes.']);
  });

  it('cuts a run without spaces hard, never inside a surrogate pair', () => {
    const text = `${'x'.repeat(9)}😀${'y'.repeat(10)}`;
    const parts = splitMessage(text, 10);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(10);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
  });

  it('never exceeds the limit and loses no words', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}${i % 7 === 0 ? '.' : ''}`);
    const parts = splitMessage(words.join(' '), 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join(' ').split(/\s+/)).toEqual(words);
  });
});

import { describe, expect, it } from 'vitest';
import { compactList, expandList } from '../../src/session/compact-lists.js';
import type { Json } from '../../src/core/state.js';

describe('compactList', () => {
  const checkins: Json[] = [
    { date: '2026-03-01', prompt: 'change-name', outcome: 'done' },
    { date: '2026-03-01', prompt: '3-breaths', outcome: 'journal' },
    { date: '2026-03-13', prompt: 'self-move', outcome: 'skip' },
  ];
  const moods: Json[] = [
    { date: '2026-02-27', score: 5 },
    { date: '2026-03-09', score: 1 },
    { date: '2026-03-10', score: 3 },
  ];
  const seen: Json[] = [
    { id: '3-breaths', date: '2026-02-28' },
    { id: 'change-name', date: '2026-03-12' },
  ];

  it('should write each list as a short string and read back the very same entries', () => {
    for (const [field, list] of [
      ['s:checkins', checkins],
      ['s:moods', moods],
      ['s:promptHistory', seen],
    ] as const) {
      const text = compactList(field, list);
      expect(text).toBeDefined();
      expect(text?.length).toBeLessThan(JSON.stringify(list).length / 2);
      expect(expandList(field, text ?? '')).toEqual(list);
    }
    expect(compactList('s:moods', moods)).toBe('2026-02-275,101,13');
  });

  it('should leave as JSON a list with an entry of another shape, out of order, or a field it does not know', () => {
    expect(compactList('s:moods', [...moods, { date: '2026-03-11', score: 3, note: 'x' }])).toBeUndefined();
    expect(compactList('s:moods', [{ date: '2026-03-11', score: 2.5 }])).toBeUndefined();
    expect(compactList('s:checkins', [{ date: '2026-03-11', prompt: 'a,b', outcome: 'done' }])).toBeUndefined();
    expect(compactList('s:checkins', [{ date: '2026-03-11', prompt: 'x', outcome: 'maybe' }])).toBeUndefined();
    expect(compactList('s:moods', [moods[1] ?? null, moods[0] ?? null])).toBeUndefined();
    expect(compactList('s:contacts', [{ date: '2026-03-11' }])).toBeUndefined();
    expect(compactList('s:moods', [])).toBeUndefined();
  });

  it('should refuse text that does not parse', () => {
    expect(expandList('s:moods', '2026-02-27x')).toBeUndefined();
    expect(expandList('s:promptHistory', '2026-02-28:a,1b')).toBeUndefined();
    expect(expandList('s:contacts', '2026-02-28:a')).toBeUndefined();
  });
});

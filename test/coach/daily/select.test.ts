import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/coach/daily/dates.js';
import { readPrompts } from '../../../src/coach/daily/prompts.js';
import type { Prompt } from '../../../src/coach/daily/prompt-schema.js';
import type { Seen } from '../../../src/coach/daily/records.js';
import { audienceOf, choosePrompt, fits, NO_REPEAT_DAYS, type Audience } from '../../../src/coach/daily/select.js';
import { readContentData } from '../../support/catalogs.js';

const PROMPTS = readPrompts(readContentData());

// Simulates `days` days of /today: each day's prompt is picked and added to the history.
function simulate(audience: Audience | undefined, days: number, prompts: readonly Prompt[] = PROMPTS): Seen[] {
  const seen: Seen[] = [];
  for (let day = 0; day < days; day += 1) {
    const today = addDays('2026-03-01', day);
    const prompt = choosePrompt(prompts, { audience, seen, today });
    if (!prompt) throw new Error(`no prompt on ${today}`);
    seen.push({ id: prompt.id, date: today });
  }
  return seen;
}

const themeOf = (id: string): string | undefined => PROMPTS.find((p) => p.id === id)?.theme;

describe('audienceOf', () => {
  it('should read stance, children and living from the assessment and ignore unknown values', () => {
    expect(audienceOf({ assessment: { stance: 'love', children: true, living: 'apart', damage: 'high' } })).toEqual({
      stance: 'love',
      children: true,
      living: 'apart',
    });
    expect(audienceOf({ assessment: { stance: 'whatever', children: 'yes' } })).toEqual({});
    expect(audienceOf({})).toBeUndefined();
  });
});

describe('fits', () => {
  const family = PROMPTS.find((p) => p.theme === 'family') as Prompt;
  const change = PROMPTS.find((p) => p.theme === 'change') as Prompt;
  const general = PROMPTS.find((p) => p.when === undefined) as Prompt;

  it('should give users without an assessment only general prompts', () => {
    expect(fits(general, undefined)).toBe(true);
    expect(fits(family, undefined)).toBe(false);
    expect(fits(change, undefined)).toBe(false);
  });

  it('should match children and stance exactly', () => {
    expect(fits(family, { children: true })).toBe(true);
    expect(fits(family, { children: false })).toBe(false);
    expect(fits(change, { stance: 'intervention' })).toBe(true);
    expect(fits(change, { stance: 'love' })).toBe(false);
  });
});

describe('choosePrompt', () => {
  it('should never repeat a prompt within 14 days over a simulated month, whatever the profile', () => {
    const audiences: (Audience | undefined)[] = [
      undefined,
      { stance: 'intervention', children: true, living: 'together' },
      { stance: 'love', children: false, living: 'apart' },
    ];
    for (const audience of audiences) {
      const seen = simulate(audience, 31);
      for (const [i, entry] of seen.entries()) {
        const again = seen.slice(i + 1).find((later) => later.id === entry.id);
        if (again) expect(daysBetween(entry.date, again.date), entry.id).toBeGreaterThanOrEqual(NO_REPEAT_DAYS);
      }
    }
  });

  it('should only pick prompts that fit the profile over a month', () => {
    const noKids = simulate({ stance: 'love', children: false, living: 'apart' }, 60);
    expect(noKids.map((s) => themeOf(s.id))).not.toContain('family');
    expect(noKids.map((s) => themeOf(s.id))).not.toContain('change');
    const general = simulate(undefined, 60);
    const targeted = general.filter((s) => PROMPTS.find((p) => p.id === s.id)?.when !== undefined);
    expect(targeted).toEqual([]);
  });

  it('should bring stance- and children-specific themes in early and keep rotating themes', () => {
    const seen = simulate({ stance: 'intervention', children: true, living: 'together' }, 10);
    expect(themeOf(seen[0]?.id ?? '')).toBe('change');
    expect(themeOf(seen[1]?.id ?? '')).toBe('family');
    expect(new Set(seen.map((s) => themeOf(s.id))).size).toBe(10);
  });

  it('should show living-specific prompts only to those living that way', () => {
    const together = simulate({ living: 'together' }, 90).map((s) => s.id);
    const apart = simulate({ living: 'apart' }, 90).map((s) => s.id);
    expect(together).toContain('patience-home');
    expect(together).not.toContain('connected-apart');
    expect(apart).toContain('connected-apart');
    expect(apart).not.toContain('patience-home');
  });

  it('should fall back to the prompt shown longest ago when every fitting prompt was seen lately', () => {
    const few = PROMPTS.filter((p) => p.theme === 'outcome').slice(0, 3);
    const seen: Seen[] = [
      { id: few[1]?.id ?? '', date: '2026-03-02' },
      { id: few[0]?.id ?? '', date: '2026-03-04' },
      { id: few[2]?.id ?? '', date: '2026-03-05' },
    ];
    expect(choosePrompt(few, { audience: undefined, seen, today: '2026-03-06' })?.id).toBe(few[1]?.id);
    const month = simulate(undefined, 30, few);
    expect(month).toHaveLength(30);
    expect(month[3]?.id).toBe(month[0]?.id);
  });

  it('should leave out excluded prompts, such as the one already offered today', () => {
    const first = choosePrompt(PROMPTS, { audience: undefined, seen: [], today: '2026-03-01' });
    const second = choosePrompt(PROMPTS, {
      audience: undefined,
      seen: [],
      today: '2026-03-01',
      exclude: new Set([first?.id ?? '']),
    });
    expect(second).toBeDefined();
    expect(second?.id).not.toBe(first?.id);
  });

  it('should allow a prompt again 14 days after it was shown, not 13', () => {
    const a = PROMPTS.find((p) => p.theme === 'self') as Prompt;
    const [b, c] = PROMPTS.filter((p) => p.theme === 'outcome') as [Prompt, Prompt];
    const set = [a, b, c];
    // c, never shown, wins whenever a is still blocked; once a is free its theme (seen longest ago) wins.
    expect(
      choosePrompt(set, {
        audience: undefined,
        seen: [
          { id: a.id, date: '2026-03-01' },
          { id: b.id, date: '2026-03-13' },
        ],
        today: '2026-03-14',
      })?.id,
    ).toBe(c.id);
    expect(
      choosePrompt(set, {
        audience: undefined,
        seen: [
          { id: a.id, date: '2026-03-01' },
          { id: b.id, date: '2026-03-14' },
        ],
        today: '2026-03-15',
      })?.id,
    ).toBe(a.id);
  });
});

describe('the first week', () => {
  const profiles: Audience[] = [];
  for (const stance of ['intervention', 'love', 'unclear'] as const)
    for (const living of ['together', 'apart'] as const)
      for (const children of [true, false]) profiles.push({ stance, living, children });

  it.each(profiles)(
    'should give %j a prompt for its stance, its living situation and its children or none',
    (audience) => {
      const week = simulate(audience, 7).map((s) => PROMPTS.find((p) => p.id === s.id));
      const written = (part: 'stance' | 'living' | 'children') =>
        week.some((p) => p?.when?.[part] !== undefined && fits(p, audience));
      expect(written('stance')).toBe(true);
      expect(written('living')).toBe(true);
      expect(written('children')).toBe(true);
    },
  );
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSetDir } from '../../src/cli/safety-eval-sets.js';
import { loadPatterns, type Screening } from '../../src/safety/index.js';
import { readContentData } from '../support/catalogs.js';
import { safety } from '../support/safety.js';

// The corpus: realistic messages, tagged by hand with what Steady must see (positive-*.yaml) or
// must not escalate (benign-*.yaml). The summary printed here is the measure of the rules.
const DIR = 'test/safety/corpus';
const Tier = z.enum(['imminent', 'serious', 'distress', 'none']);
const Positive = z.strictObject({
  text: z.string().min(1),
  category: z.enum([
    'suicide',
    'method',
    'selfHarm',
    'harmOthers',
    'abused',
    'stalking',
    'legalNoContact',
    'distress',
    'ambiguous',
  ]),
  tier: Tier,
  explicit: z.boolean(),
  gate: z.enum(['legal', 'safety', 'stalking']).optional(),
});
const Benign = z.strictObject({ text: z.string().min(1), thirdParty: z.boolean().optional() });
type Positive = z.infer<typeof Positive>;

function load<T>(prefix: string, schema: z.ZodType<T>): T[] {
  return readdirSync(DIR)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.yaml'))
    .flatMap((file) => z.array(schema).parse(parse(readFileSync(join(DIR, file), 'utf8'))));
}

const RANK = { imminent: 3, serious: 2, distress: 1, none: 0 } as const;
const isCrisis = (s: Screening): boolean => s.tier === 'imminent' || s.tier === 'serious';

/** Found = the expected category, at least the expected tier, and the expected gate. */
function found(item: Positive, s: Screening): boolean {
  const tierOk = RANK[s.tier ?? 'none'] >= RANK[item.tier];
  const gateOk = item.gate === undefined || s.gate === item.gate;
  return s.categories.includes(item.category) && tierOk && gateOk;
}

const positives = load('positive-', Positive);
const benign = load('benign-', Benign);

function rate(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 10_000) / 10_000;
}

function measure() {
  const results = positives.map((item) => ({ item, s: safety.screen(item.text) }));
  const hit = results.filter((r) => found(r.item, r.s));
  const explicit = results.filter((r) => r.item.explicit);
  const perCategory: Record<string, number> = {};
  for (const category of new Set(positives.map((p) => p.category))) {
    const of = results.filter((r) => r.item.category === category);
    perCategory[category] = rate(of.filter((r) => found(r.item, r.s)).length, of.length);
  }
  const benignResults = benign.map((item) => ({ item, s: safety.screen(item.text) }));
  const falsePositives = benignResults.filter((r) => isCrisis(r.s));
  const thirdParty = benignResults.filter((r) => r.item.thirdParty === true);
  return {
    summary: {
      positives: positives.length,
      benign: benign.length,
      recall: rate(hit.length, results.length),
      recallExplicit: rate(explicit.filter((r) => found(r.item, r.s)).length, explicit.length),
      falsePositiveRateSerious: rate(falsePositives.length, benign.length),
      benignWithGate: benignResults.filter((r) => r.s.gate !== undefined).length,
      thirdPartyRecognised: rate(
        thirdParty.filter((r) => r.s.categories.includes('thirdParty')).length,
        thirdParty.length,
      ),
      perCategory,
    },
    missed: results
      .filter((r) => !found(r.item, r.s))
      .map((r) => ({ text: r.item.text, want: `${r.item.category}/${r.item.tier}`, got: r.s })),
    falsePositives: falsePositives.map((r) => ({ text: r.item.text, got: r.s })),
  };
}

describe('safety corpus', () => {
  const { summary, missed, falsePositives } = measure();
  console.log(JSON.stringify({ safetyCorpus: summary }));
  if (missed.length > 0) console.log(JSON.stringify({ missed }, null, 1));
  if (falsePositives.length > 0) console.log(JSON.stringify({ falsePositives }, null, 1));

  it('should hold at least 150 positive and 150 benign messages', () => {
    expect(positives.length).toBeGreaterThanOrEqual(150);
    expect(benign.length).toBeGreaterThanOrEqual(150);
  });

  it('should find every explicit item', () => {
    expect(missed.filter((m) => positives.find((p) => p.text === m.text)?.explicit)).toEqual([]);
    expect(summary.recallExplicit).toBe(1);
  });

  it('should find at least 95% of all items', () => {
    expect(summary.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('should keep false positives at the serious and imminent tiers at or under 5%', () => {
    expect(summary.falsePositiveRateSerious).toBeLessThanOrEqual(0.05);
  });

  it("should see someone else's crisis as theirs, never as the user's own", () => {
    const mixedUp = benign
      .filter((b) => b.thirdParty === true)
      .filter((b) => isCrisis(safety.screen(b.text)) || !safety.screen(b.text).categories.includes('thirdParty'));
    expect(mixedUp.map((b) => b.text)).toEqual([]);
  });

  it('should see every rule of the data files fire on some item of the corpus or the tuned set, so no rule is dead or mistyped', () => {
    const tuned = readSetDir('test/safety/tuned').flatMap((set) => set.items);
    const fired = new Set([...positives, ...benign, ...tuned].flatMap((item) => safety.screen(item.text).rules));
    const ids = loadPatterns(readContentData()).rules.map((compiled) => compiled.rule.id);
    expect(ids.length).toBeGreaterThan(30);
    expect(ids.filter((id) => !fired.has(id))).toEqual([]);
  }, 120_000);
});

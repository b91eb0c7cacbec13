import { describe, expect, it } from 'vitest';
import type { ContentData } from '../../src/core/content.js';
import { ErrorCode, hasCode } from '../../src/core/errors.js';
import { createSafety, loadPatterns, SAFETY_LANGUAGE, SAFETY_RULE_FILES } from '../../src/safety/index.js';
import { readCatalogs, readContentData, stubCatalogs } from '../support/catalogs.js';

const data = readContentData();
const [SELF, OTHERS] = SAFETY_RULE_FILES;
const MOOD = SAFETY_RULE_FILES.at(-1) as string;

type Json = Record<string, unknown>;

/** The real data with one file's value changed by `edit` (on a copy). */
function withFile(name: string, edit: (value: Json) => void): Map<string, ContentData> {
  const copy = new Map(data);
  const found = data.get(name) as ContentData;
  const value = structuredClone(found.value) as Json;
  edit(value);
  copy.set(name, { file: found.file, value });
  return copy;
}

function rulesOf(value: Json): Json[] {
  return value.rules as Json[];
}

function failure(build: () => unknown): Error & { code?: string } {
  try {
    build();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the safety data to be refused');
}

describe('safety patterns', () => {
  it('should compile every rule of the data files, in file order, with every macro expanded', () => {
    const { rules, language } = loadPatterns(data);
    const ids = rules.map((compiled) => compiled.rule.id);
    expect(ids[0]).toMatch(/^suicide\./);
    expect(ids.at(-1)).toMatch(/^ambiguous\./);
    expect(new Set(ids).size).toBe(ids.length);
    const all = [
      ...rules.flatMap((compiled) => [...compiled.patterns, ...compiled.unless]),
      ...language.idioms,
      language.negation,
      ...Object.values(language.words),
      ...Object.values(language.answers).flat(),
    ];
    for (const pattern of all) expect(pattern.source).not.toMatch(/\{[A-Z][A-Z_]*\}/);
  });

  it.each([
    [
      'a pattern that does not compile',
      () => withFile(SELF, (v) => void (rulesOf(v)[0]!.patterns = ['(unclosed'])),
      `rules[0] 'suicide.want-to-die' patterns[0]: does not compile`,
    ],
    [
      'an unknown macro',
      () => withFile(MOOD, (v) => void (rulesOf(v)[0]!.unless = ['\\b{NOPE}\\b'])),
      `rules[0] 'thirdParty.about-someone' unless[0]: {NOPE} is not a macro`,
    ],
    [
      'a macro nobody uses',
      () => withFile(OTHERS, (v) => void ((v.macros as Json).SPARE = 'spare')),
      'macros.SPARE: is never used',
    ],
    [
      'a macro defined twice',
      () => withFile(MOOD, (v) => void (v.macros = { THEY: '(?:he|she)' })),
      'macros.THEY: is already defined in',
    ],
    [
      'macros that use each other in a circle',
      () =>
        withFile(SAFETY_LANGUAGE, (v) => {
          const macros = v.macros as Json;
          macros.NEGATORS = 'never|{G}';
        }),
      'uses itself',
    ],
    [
      'a rule id used twice',
      () => withFile(MOOD, (v) => void (rulesOf(v)[0]!.id = 'suicide.want-to-die')),
      `rules[0]: duplicate rule id 'suicide.want-to-die'`,
    ],
    [
      'a rule that can never change anything',
      () =>
        withFile(OTHERS, (v) => {
          const [rule] = rulesOf(v);
          delete rule!.tier;
          delete rule!.gate;
        }),
      "rules.0: rule 'harmOthers.violence' needs a tier or a gate",
    ],
    [
      'a misspelt field',
      () => withFile(SAFETY_LANGUAGE, (v) => void (v.idiom = v.idioms)),
      '(top): Unrecognized key: "idiom"',
    ],
  ])('should refuse %s at load, naming the file and the place', (_, broken, where) => {
    const error = failure(() => loadPatterns(broken()));
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    expect(error.message).toContain(where);
    expect(error.message).toMatch(/locales[\\/]en[\\/]data[\\/]safety-[a-z-]+\.yaml/);
  });

  it('should refuse a missing rules file by its name', () => {
    const without = new Map(data);
    without.delete(MOOD);
    const error = failure(() => loadPatterns(without));
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    expect(error.message).toContain('locales/en/data/safety-rules-mood.yaml is missing');
  });

  it('should refuse to build without its catalog, so no crisis answer can be left unsaid', () => {
    const error = failure(() => createSafety({ catalogs: stubCatalogs({ namespace: 'engine', spec: {} }), data }));
    expect(hasCode(error, ErrorCode.Catalog)).toBe(true);
    expect(createSafety({ catalogs: readCatalogs(), data }).gateText('legal')).toContain('court order');
  });
});

import { describe, expect, it } from 'vitest';
import { safety } from '../support/safety.js';

const screen = (text: string) => safety.screen(text);

describe('screen', () => {
  it.each([
    ['I want to kill myself', 'suicide', 'serious'],
    ['everyone would be better off without me', 'suicide', 'serious'],
    ["I'm going to end it tonight", 'suicide', 'imminent'],
    ['how many pills would it take to die', 'method', 'imminent'],
    ['I cut myself again last night', 'selfHarm', 'serious'],
    ['I want to hurt her new boyfriend', 'harmOthers', 'serious'],
    ['my husband hits me', 'abused', 'serious'],
    ["I can't stop crying", 'distress', 'distress'],
    ["I can't do this anymore", 'ambiguous', 'distress'],
  ] as const)('should read "%s" as %s at tier %s', (text, category, tier) => {
    const result = screen(text);
    expect(result.categories).toContain(category);
    expect(result.tier).toBe(tier);
  });

  it.each([
    ["there's a restraining order against me", 'legal'],
    ['the police told me not to contact her', 'legal'],
    ['she asked me to stop contacting her', 'legal'],
    ["I'm scared of my wife", 'safety'],
    ['he threatened me', 'safety'],
    ['I want to kill him', 'safety'],
    ["I've been tracking her phone", 'stalking'],
    ['she blocked me so I made a new account', 'stalking'],
    ['I showed up at her work uninvited', 'stalking'],
  ] as const)('should set the contact gate for "%s" with reason %s', (text, gate) => {
    expect(screen(text).gate).toBe(gate);
  });

  it('should give stalking and legal signals no crisis tier', () => {
    expect(screen("I've been tracking her phone").tier).toBeUndefined();
    expect(screen('she got a protective order').tier).toBeUndefined();
  });

  it.each([
    'this is killing me',
    'my feet are killing me',
    "I'm dying to see the kids",
    'I could kill for a coffee',
    'we are killing time',
    'my phone died',
    'I want to end the marriage',
    'the custody order came through',
  ])('should keep the idiom "%s" out of the serious tiers and away from the gate', (text) => {
    const result = screen(text);
    expect(['imminent', 'serious']).not.toContain(result.tier);
    expect(result.gate).toBeUndefined();
  });

  it('should ask about a clearly ambiguous phrase', () => {
    expect(screen('I just want it all to stop')).toMatchObject({ ambiguous: true, ask: 'self', tier: 'distress' });
    expect(screen("she's going to kill me")).toMatchObject({ ambiguous: true, ask: 'fear' });
  });

  it.each(['my wife said she wants to die', 'her brother tried to kill himself last year'])(
    'should see "%s" as a third-party mention, not the user\'s own crisis',
    (text) => {
      const result = screen(text);
      expect(result.categories).toEqual(['thirdParty']);
      expect(result.tier).toBeUndefined();
      expect(result.gate).toBeUndefined();
    },
  );

  it("should still see the user's own crisis next to someone else's", () => {
    expect(screen('my wife said she wants to die and honestly I want to die too')).toMatchObject({
      tier: 'serious',
      categories: ['suicide', 'thirdParty'],
    });
  });

  it.each([
    'I would never hurt myself',
    "I'm not suicidal, just sad",
    "I'm not going to kill myself",
    "I don't want to hurt her",
    'There is no restraining order',
  ])('should let the negation in "%s" cancel the match', (text) => {
    const result = screen(text);
    expect(['imminent', 'serious']).not.toContain(result.tier);
    expect(result.gate).toBeUndefined();
  });

  it('should not let a negation about something else cancel the match', () => {
    expect(screen("she has no idea I'm suicidal").tier).toBe('serious');
    expect(screen("I'm not going to lie, I want to die").tier).toBe('serious');
    expect(screen("I'm not suicidal but I keep thinking about dying").tier).toBe('serious');
  });

  it('should let a match that opens with its own subject stand after a negated clause', () => {
    expect(screen("if she doesn't answer I'll show up at her parents' house").gate).toBe('stalking');
    expect(screen('if he doesnt stop ill kill him').tier).toBe('serious');
  });

  it('should read subjects and limits written without apostrophes', () => {
    expect(screen('my wife told me shes been thinking about suicide')).toMatchObject({ categories: ['thirdParty'] });
    expect(screen('the court said im not allowed to contact her').gate).toBe('legal');
  });

  it.each(['i overdosed on coffee today', 'i shot her a text about pickup', 'i hurt her badly with the affair'])(
    'should keep "%s" out of the crisis tiers',
    (text) => {
      expect(['imminent', 'serious']).not.toContain(screen(text).tier);
    },
  );

  it('should see through obfuscation', () => {
    expect(screen('i w@nt to k.i.l.l mys3lf').tier).toBe('serious');
    expect(screen('ｓｕｉｃｉｄａｌ').explicit).toBe(true);
  });

  it("should see a child's own crisis as a child at risk, answered for the child", () => {
    expect(screen('my son says he is suicidal')).toMatchObject({ tier: 'serious' });
    expect(screen('my son says he is suicidal').categories).toContain('childSafety');
  });

  it.each([
    "my kid said 'i wish i was dead' at dinner",
    'my son said, "I want to die", after the visit',
    'my 16 year old has been cutting again',
    'My eldest is 15. Last night he said maybe everyone would be happier if I was not here',
    'My daughter is with her dad this week. She told me she wants to die',
    'my little boy keeps saying he wants to die',
  ])('should read a child\'s reported words as a child at risk: "%s"', (text) => {
    expect(screen(text).categories).toContain('childSafety');
    expect(screen(text).categories).not.toContain('suicide');
  });

  it.each([
    'I told my sister I want to die',
    'she said i am useless, i want to die',
    'she told me i am useless and i want to kill myself',
    'he said that and i want to die',
  ])('should keep the user\'s own words their own after a word of speech: "%s"', (text) => {
    expect(screen(text).categories).toContain('suicide');
    expect(screen(text).tier).toBe('serious');
  });

  it("should read another adult's reported crisis as someone else's, not the user's", () => {
    expect(screen('my wife took the kids. she said she wants to kill herself').categories).toEqual(['thirdParty']);
  });

  it("should ask, not answer, about a funeral of the user's own, whoever the sentence is about", () => {
    expect(screen('I want this song played at my funeral lol')).toMatchObject({ ask: 'self', tier: 'distress' });
    expect(screen("she'll see what she's done when she's standing at my funeral").ask).toBe('self');
  });

  it('should report the matched rule ids and nothing for plain talk', () => {
    expect(screen('I want to die').rules).toContain('suicide.want-to-die');
    expect(screen('should I text her happy birthday?')).toEqual({
      categories: [],
      explicit: false,
      ambiguous: false,
      rules: [],
    });
  });
});

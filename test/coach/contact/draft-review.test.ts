import { describe, expect, it } from 'vitest';
import {
  countWords,
  reviewDraft,
  reviewDraftText,
  type ReviewContext,
} from '../../../src/coach/contact/draft-review.js';
import { readDraftData } from '../../../src/coach/contact/draft-rules.js';
import type { Scope } from '../../../src/core/vars.js';
import { createState, type JsonRecord } from '../../../src/core/state.js';
import { contentDataOf, readContentData } from '../../support/catalogs.js';

const draftData = readDraftData(readContentData());
const review = (draft: string, context: ReviewContext) => reviewDraftText(draft, context, draftData);
import { resourcesText } from '../../support/actions.js';

function scopeWith(profile: JsonRecord = {}): Scope {
  return { vars: {}, profile, settings: {}, stats: {}, flags: {} };
}

const LONG = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
const LONG_CHARS = `${'Supercalifragilistic '.repeat(31)}end.`;
const FIFTY_WORDS = Array.from({ length: 50 }, (_, i) => `item${i}`).join(' ');

// Per rule: drafts that must fire it, and near misses that must not.
const CASES: Record<string, { fire: string[]; quiet: string[] }> = {
  pleading: {
    fire: [
      "Please, I'm begging you, come home.",
      'Please don’t give up on me.',
      "I'll do anything you ask.",
      'I need you.',
      'Give me one more chance.',
    ],
    quiet: [
      'Please send me the school forms when you can.',
      'I need you to sign the insurance form by Friday.',
      'Is there a chance you could swap weekends?',
    ],
  },
  pressure: {
    fire: [
      'We need to talk.',
      'You have to answer me.',
      "If you don't answer me, then I'll call your mother.",
      'Call me tonight or else.',
      'You owe me an explanation.',
    ],
    quiet: [
      "If you don't mind, I'll pick the kids up at five.",
      'Do you need anything from the store?',
      'We talked to the teacher and it went fine.',
    ],
  },
  blame: {
    fire: [
      'You never listen to me.',
      'You always put yourself first.',
      "It's all your fault.",
      'How could you do this to us?',
      "You're so selfish.",
    ],
    quiet: [
      'Whatever you decide, I always want the best for the kids.',
      'Have you ever been to that bakery? The kids loved it.',
      'I never got the receipt, could you forward it?',
    ],
  },
  duty: {
    fire: [
      'Think of the children.',
      'Remember our vows.',
      'We promised for better or worse.',
      'What will people think?',
      'We are married in God’s eyes.',
    ],
    quiet: [
      'Thank God the rain stopped before the game.',
      'The kids have football on Saturday at ten.',
      'What do you think about the dentist on Tuesday?',
    ],
  },
  relationship: {
    fire: [
      'I miss us.',
      'Can we talk about us?',
      'I want to save our marriage.',
      'Would you try couples counseling?',
      'I love you.',
    ],
    quiet: [
      'The marriage certificate copy is in the blue folder.',
      'Our daughter misses her bike, can you drop it off?',
      'The relationship between the two schools is good.',
    ],
  },
  changed: {
    fire: [
      "I've changed.",
      'I have really changed.',
      "I'm a different person now.",
      "I've been going to therapy every week.",
      'I quit drinking for you.',
    ],
    quiet: [
      "I've changed the dentist appointment to Tuesday.",
      'The plans have changed: practice is at five.',
      'I changed the sheets in the guest room.',
    ],
  },
  jealousy: {
    fire: [
      'I went on a date last night.',
      'Someone asked me out at the gym.',
      "I'm moving on.",
      'A guy at work keeps flirting with me.',
      "I'm having the time of my life.",
    ],
    quiet: [
      'Moving on to the schedule: pickup is at four.',
      'Our date for the parent meeting is Thursday.',
      'Someone from school called about the trip.',
    ],
  },
  question_blame: {
    fire: [
      'Why would you do this to our family?',
      "Don't you care at all?",
      "What's wrong with you?",
      'When are you coming home?',
      'Are you ever going to answer me?',
      'Could you at least reply?',
    ],
    quiet: [
      'Could you bring the blue bag on Friday?',
      'Why not meet at the park at ten?',
      'When is pickup on Saturday?',
      'Can you confirm the dentist time?',
    ],
  },
  sarcasm: {
    fire: [
      'Thanks for nothing.',
      'Must be nice to have so much free time.',
      'Real mature.',
      'Oh great, you forgot again.',
    ],
    quiet: [
      'Thanks a lot for picking them up.',
      'It was nice to see the kids so happy.',
      'Oh, great news about your job.',
    ],
  },
  guilt: {
    fire: [
      "After everything I've done for you.",
      "I hope you're happy now.",
      "You're breaking my heart.",
      'I gave you the best years of my life.',
      "You don't care about the kids.",
    ],
    quiet: ["I hope you're doing well.", 'I care about the kids a lot.', 'After school I can take them.'],
  },
  length: {
    fire: [LONG, LONG_CHARS],
    quiet: [FIFTY_WORDS, 'Short and sweet.'],
  },
  questions: {
    fire: ['Are you ok? Did you eat?', 'When is pickup? Who brings the bag?'],
    quiet: ['Could you bring the blue bag on Friday?', 'Are you okay??', 'No questions at all.'],
  },
  shouting: {
    fire: ["WHY WON'T YOU ANSWER ME", 'Have a great day!!', 'Wow! Great! Thanks!'],
    quiet: ['See you at the PTA meeting, the PE kit is in the car.', 'Thanks! See you Saturday!', 'OK'],
  },
};

describe('reviewDraftText', () => {
  it('should have a case table for every rule in the data', () => {
    expect(Object.keys(CASES).sort()).toEqual(draftData.rules.map((r) => r.id).sort());
  });

  for (const [id, { fire, quiet }] of Object.entries(CASES)) {
    describe(`rule '${id}'`, () => {
      it.each(fire)('should fire on %j', (draft) => {
        expect(review(draft, { scope: scopeWith() }).flags).toContain(id);
      });
      it.each(quiet)('should stay quiet on the near miss %j', (draft) => {
        expect(review(draft, { scope: scopeWith() }).flags).not.toContain(id);
      });
      it('should explain itself with its reason and sources', () => {
        const rule = draftData.rules.find((r) => r.id === id);
        const said = review(fire[0] ?? '', { scope: scopeWith() }).messages.join('\n');
        expect(said).toContain(rule?.reason);
        expect(said).toContain(`• ${rule?.title}: ${rule?.reason} (sources: ${rule?.sources.join(', ')})`);
      });
    });
  }

  it('should flag relationship talk only when the spouse asked for space, or nothing is known', () => {
    const flagsFor = (profile: JsonRecord): string[] => review('I miss us.', { scope: scopeWith(profile) }).flags;
    expect(flagsFor({})).toContain('relationship');
    expect(flagsFor({ assessment: { asked: 'space' } })).toContain('relationship');
    expect(flagsFor({ assessment: { stage: 'separation' } })).toContain('relationship');
    expect(flagsFor({ assessment: { asked: 'work_on_it' } })).not.toContain('relationship');
  });

  it('should say the draft is clean and name its strengths when nothing fires', () => {
    const result = review('Thanks for taking the kids on Saturday. Hope the trip goes well!', {
      scope: scopeWith(),
      purpose: 'practical',
    });
    expect(result.flags).toEqual([]);
    expect(result.lean).toBe('send');
    expect(result.strengths).toEqual(['short', 'appreciation', 'friendly', 'answers', 'no_pressure']);
    expect(result.messages[0]).toBe(draftData.texts.clean);
    const appreciation = draftData.strengths.find((s) => s.id === 'appreciation');
    expect(result.messages.join('\n')).toContain(
      `• ${appreciation?.text} (sources: ${appreciation?.sources.join(', ')})`,
    );
  });

  it('should name the good alongside the flags, and only strengths that hold', () => {
    const result = review('Are you ok? Did you eat? Thanks for the photos.', { scope: scopeWith(), purpose: 'reply' });
    expect(result.flags).toEqual(['questions']);
    expect(result.strengths).toContain('appreciation');
    expect(result.strengths).toContain('short');
    expect(result.strengths).not.toContain('answers');
  });

  it('should praise no length or warmth in a draft that blames, however short', () => {
    const result = review('You never listen. Thanks anyway.', { scope: scopeWith(), purpose: 'reply' });
    expect(result.flags).toEqual(['blame']);
    expect(result.strengths).toEqual([]);
    expect(result.messages.join('\n')).toContain(draftData.texts.noStrengths);
  });

  it('should tie the "stays with the matter" strength to replies and practical messages', () => {
    const draft = 'The forms are signed.';
    expect(review(draft, { scope: scopeWith(), purpose: 'reply' }).strengths).toContain('answers');
    expect(review(draft, { scope: scopeWith(), purpose: 'gesture' }).strengths).not.toContain('answers');
  });

  it('should say so when it finds no strength', () => {
    const result = review(`YOU NEVER CARED!! ${LONG}`, { scope: scopeWith() });
    expect(result.strengths).toEqual([]);
    expect(result.messages).toContain(draftData.texts.noStrengths);
  });

  it('should lean towards a rework at the threshold of flags', () => {
    const result = review('We need to talk. You never listen. Think of the children.', { scope: scopeWith() });
    expect(result.flags).toHaveLength(draftData.reworkAt);
    expect(result.lean).toBe('rework');
    expect(review('We need to talk.', { scope: scopeWith() }).lean).toBe('tidy');
  });

  it('should keep every message within the platform limit even when every rule fires', () => {
    const all = `PLEASE I'M BEGGING YOU!! WE NEED TO TALK? YOU NEVER LISTEN? THINK OF THE CHILDREN. I MISS US. I'VE CHANGED. I WENT ON A DATE. WHY WOULD YOU DO THIS? THANKS FOR NOTHING. I HOPE YOU'RE HAPPY. ${LONG}`;
    const result = review(all, { scope: scopeWith() });
    expect(result.flags).toHaveLength(draftData.rules.length);
    for (const message of result.messages) {
      expect(message.length).toBeLessThanOrEqual(2000);
      expect(countWords(message)).toBeLessThanOrEqual(120);
    }
  });
});

describe('reviewer output never rewrites the draft', () => {
  const drafts = Object.values(CASES).flatMap((c) => [...c.fire, ...c.quiet]);

  it.each(drafts)('should share no run of four words with %j', (draft) => {
    const said = review(draft, { scope: scopeWith(), purpose: 'reply' }).messages.join(' ');
    expect(sharedRun(draft, said, 4)).toBeUndefined();
  });

  it('should detect a shared run, so the check above can fail', () => {
    expect(sharedRun('we really need to talk now', 'you said we really need to talk', 4)).toBe('we really need to');
  });
});

describe('reviewDraft action', () => {
  it('should store the flags for branching and say the texts', () => {
    const state = createState();
    const result = reviewDraft(draftData)({
      state,
      vars: { draft: 'We need to talk.', purpose: 'reply' },
      args: { from: 'vars.draft', to: 'vars.review', purposeFrom: 'vars.purpose' },
      now: 0,
      resourcesText,
    });
    expect(result.set?.['vars.review']).toMatchObject({ flags: ['pressure'], count: 1, lean: 'tidy', words: 4 });
    expect(result.say?.join('\n')).toContain(draftData.texts.flagsIntro);
  });

  it('should reject arguments without a target', () => {
    expect(() =>
      reviewDraft(draftData)({ state: createState(), vars: {}, args: { from: 'vars.draft' }, now: 0, resourcesText }),
    ).toThrow();
  });
});

describe('draft data', () => {
  const read = (value: unknown) => readDraftData(contentDataOf({ 'draft-review': value }));

  it('should reject a pattern that is not a regular expression, naming the file and field', () => {
    const broken = { ...draftData, rules: [{ ...draftData.rules[0], patterns: ['(unclosed'] }] };
    expect(() => read(broken)).toThrow(
      'flows/locales/en/data/draft-review.yaml: rules.0.patterns.0: not a valid regular expression',
    );
  });

  it('should reject a strength that names an unknown rule', () => {
    const broken = { ...draftData, strengths: [{ id: 'x', text: 'x', sources: ['001'], withoutFlags: ['nope'] }] };
    expect(() => read(broken)).toThrow(/names no rule/);
  });

  it('should reject a line with a placeholder the reviewer does not fill, or that is not MessageFormat 2', () => {
    const texts = (flagLine: string) => ({ ...draftData, texts: { ...draftData.texts, flagLine } });
    expect(() => read(texts('• {$title}: {$why}'))).toThrow(/texts.flagLine: unknown placeholder\(s\) why/);
    expect(() => read(texts('• {$title'))).toThrow(/texts.flagLine: .*not a valid MessageFormat 2 message/);
  });

  it('should ask for the file by its path when it is missing', () => {
    expect(() => readDraftData(new Map())).toThrow('locales/en/data/draft-review.yaml is missing');
  });
});

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2019]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? []
  );
}

// The first run of `n` words of `draft` that also occurs in `said`, if any.
function sharedRun(draft: string, said: string, n: number): string | undefined {
  const haystack = ` ${words(said).join(' ')} `;
  const w = words(draft);
  for (let i = 0; i + n <= w.length; i++) {
    const run = w.slice(i, i + n).join(' ');
    if (haystack.includes(` ${run} `)) return run;
  }
  return undefined;
}

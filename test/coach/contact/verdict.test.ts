import { describe, expect, it } from 'vitest';
import { reviewDraftText } from '../../../src/coach/contact/draft-review.js';
import { readDraftData } from '../../../src/coach/contact/draft-rules.js';
import { recommend, recommendContact, type VerdictInput } from '../../../src/coach/contact/verdict.js';
import { createState } from '../../../src/core/state.js';
import { readContentData } from '../../support/catalogs.js';
import { resourcesText } from '../../support/actions.js';

const data = readDraftData(readContentData());
const scope = { vars: {}, profile: {}, settings: {}, stats: {}, flags: {} };

// The recommendation for a draft, reviewed by the real rules.
function verdictFor(draft: string, extra: Partial<VerdictInput> = {}) {
  const review = reviewDraftText(draft, { scope, purpose: extra.purpose ?? 'reply' }, data);
  return recommend(
    { flags: review.flags, strengths: review.strengths, purpose: 'reply', rhythm: undefined, strained: true, ...extra },
    data,
  );
}

describe('recommend', () => {
  it('should recommend reworking a begging draft, naming at most two deciding reasons with their sources', () => {
    const result = verdictFor(
      "Please, I'm begging you, come home. You have to. Think of the children. You never listen.",
    );
    expect(result.verdict).toBe('rework');
    expect(result.reasons).toHaveLength(2);
    expect(result.reasons[0]).toContain('Pleading');
    expect(result.reasons[0]).toContain('sources: 004, 001');
    expect(result.flagged.length).toBeGreaterThan(2);
  });

  it('should recommend sending a short kind reply, for the strengths it really has', () => {
    const result = verdictFor('Thanks for letting me know. Saturday at ten works, take care.');
    expect(result.verdict).toBe('send');
    expect(result.reasons.join('\n')).toContain('It is short, which is kind');
    expect(result.flagged).toEqual([]);
  });

  it('should recommend reworking sarcasm, guilt and blame phrased as a question', () => {
    for (const draft of ['Thanks for nothing.', "I hope you're happy now.", 'Why would you do this to us?']) {
      expect(verdictFor(draft).verdict, draft).toBe('rework');
    }
  });

  it('should recommend waiting until the rhythm comes round for a check-in that is too soon', () => {
    const result = recommend(
      {
        flags: [],
        strengths: [],
        purpose: 'checkin',
        rhythm: { tooSoon: true, daysSince: 2, everyDays: 7 },
        strained: true,
      },
      data,
    );
    expect(result.verdict).toBe('wait');
    expect(result.reasons[0]).toContain('the last contact was 2 days ago');
    expect(result.sources).toEqual(data.verdict.rhythmSources);
  });

  it('should recommend waiting on talk about the two of you while things are strained, and not when they are warm', () => {
    const input = { flags: [], strengths: [], purpose: 'us', rhythm: undefined };
    expect(recommend({ ...input, strained: true }, data).verdict).toBe('wait');
    expect(recommend({ ...input, strained: false }, data).verdict).toBe('send');
  });

  it('should send with a small fix named when only a tidy rule fired', () => {
    const result = verdictFor('Are you ok? Did you eat?');
    expect(result.verdict).toBe('send');
    expect(result.reasons.at(-1)).toContain('Several questions');
  });
});

describe('recommendContact', () => {
  it('should store the verdict for the flow and note its sources as the last advice', () => {
    const action = recommendContact(data);
    const result = action({
      state: createState(),
      vars: { review: { flags: ['pleading'], strengths: [] }, purpose: 'reply' },
      args: { review: 'vars.review', rhythm: 'vars.rhythm', purpose: 'vars.purpose', to: 'vars.recommend' },
      now: 0,
      resourcesText,
    });
    expect(result.set?.['vars.recommend']).toMatchObject({ verdict: 'rework', flagged: 'Pleading' });
    expect(result.set?.['stats.lastAdvice']).toEqual({ sources: ['001', '004'], step: 'contact/lean' });
  });
});

import { describe, expect, it } from 'vitest';
import { heardIn, listenToEntry, readListenData } from '../../../src/coach/daily/listen.js';
import { createState } from '../../../src/core/state.js';
import { readContentData } from '../../support/catalogs.js';
import { resourcesText } from '../../support/actions.js';

const data = readListenData(readContentData());

// What each entry should be heard as; undefined: no rule fits, and the journal's plain thanks is all.
const CASES: [string, string | undefined][] = [
  ['Went to my first AA meeting. Two days sober.', 'sober_win'],
  ["I didn't drink tonight, even though I wanted to.", 'sober_win'],
  ['I relapsed and drank again after a week.', 'relapse'],
  ['I texted her again at 2am. I know, I know.', 'relapse'],
  ['Drank way too much last night.', 'drinking'],
  ['Opened a bottle of wine alone again.', 'drinking'],
  ['She was really angry and hung up on me.', 'hostile_answer'],
  ['He yelled at me on the phone.', 'hostile_answer'],
  ["He didn't answer at all.", 'cold_answer'],
  ['She was so cold, one word back.', 'cold_answer'],
  ['I feel so lonely since he left.', 'lonely'],
  ['Nobody to talk to in the evenings.', 'lonely'],
  ['My son asked when Daddy is coming home.', 'children'],
  ['I was furious after the call.', 'angry'],
  ["I'm proud of myself for going to the gym.", 'win'],
  ['I felt lighter after the walk.', 'win'],
  ['Ordinary day. Work, dinner, bed.', undefined],
  ['I felt cold all day and stayed in.', undefined],
  ['Not a good day, honestly.', undefined],
];

describe('heardIn', () => {
  it.each(CASES)('should hear %j as %s', (entry, id) => {
    expect(heardIn(entry, data)?.id).toBe(id);
  });

  it('should have a case for every rule in the data', () => {
    const heard = new Set(CASES.map(([, id]) => id));
    expect(data.rules.filter((rule) => !heard.has(rule.id)).map((rule) => rule.id)).toEqual([]);
  });
});

describe('the contact gate', () => {
  it('should never answer with a reply that speaks of a next contact once the gate is closed', () => {
    expect(heardIn("He didn't answer at all.", data, true)?.id).toBeUndefined();
    expect(heardIn("He didn't answer and I feel so lonely.", data, true)?.id).toBe('lonely');
    const gated = listenToEntry(data)({
      state: { ...createState(), flags: { contactBlocked: true } },
      vars: { entry: 'She yelled at me on the phone.' },
      args: { from: 'vars.entry' },
      now: 0,
      resourcesText,
    });
    expect(gated.say).toBeUndefined();
  });
});

describe('listenToEntry', () => {
  const run = (entry: string) =>
    listenToEntry(data)({ state: createState(), vars: { entry }, args: { from: 'vars.entry' }, now: 0, resourcesText });

  it('should say the fitting reply and note its sources for /why', () => {
    const result = run('So lonely tonight.');
    expect(result.say).toEqual([data.rules.find((r) => r.id === 'lonely')?.reply]);
    expect(result.set?.['stats.lastAdvice']).toEqual({ sources: ['002', '003'], step: 'listen/lonely' });
  });

  it('should say nothing of its own when no rule fits', () => {
    expect(run('Nothing much.')).toEqual({ set: { 'vars.heard': null } });
  });
});

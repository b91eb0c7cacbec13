import { describe, expect, it } from 'vitest';
import { homeView, nextOccurrence } from '../../../adapters/slack/home.js';
import { SLACK_MESSAGES } from '../../../adapters/slack/texts.js';
import type { UserSummary } from '../../../src/coach/summary.js';
import { bindTexts } from '../../../src/core/catalog.js';
import { readCatalogs, stubCatalogs } from '../../support/catalogs.js';

const NOW = Date.UTC(2026, 10, 22, 9, 0); // 10:00 in Berlin
const texts = bindTexts(SLACK_MESSAGES, readCatalogs());
const base: UserSummary = { onboarded: true, streak: 4, paused: false, contactBlocked: false };
type Shown = { type: string; elements?: { action_id?: string }[] };
const actionIds = (summary: UserSummary): string[] =>
  (homeView(summary, NOW, texts).blocks as Shown[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
const text = (summary: UserSummary): string => JSON.stringify(homeView(summary, NOW, texts).blocks);

describe('homeView', () => {
  it('should offer only the beginning to a user who has not started', () => {
    expect(actionIds({ ...base, onboarded: false })).toEqual(['home:start']);
  });

  it('should show the headline (escaped), the streak, the next check-in and a button per journey', () => {
    const summary: UserSummary = {
      ...base,
      assessment: { at: Date.UTC(2026, 10, 20), headline: 'Give it space & <!here> wait' },
      dailyPrompt: { time: '20:30', timezone: 'Europe/Berlin' },
    };
    const shown = text(summary);
    expect(shown).toContain('Give it space &amp; &lt;!here&gt; wait');
    expect(shown).toContain(':* 4');
    // 20:30 in Berlin on 22 November is 19:30 UTC.
    expect(shown).toContain(`<!date^${Date.UTC(2026, 10, 22, 19, 30) / 1000}^`);
    expect(actionIds(summary)).toEqual(['home:assess', 'home:today', 'home:contact', 'home:week', 'home:menu']);
  });

  it('should hide the contact journey once contact help is switched off, and say when check-ins are paused', () => {
    expect(actionIds({ ...base, contactBlocked: true })).not.toContain('home:contact');
    expect(text({ ...base, paused: true })).toContain('paused');
  });
});

describe('homeView words', () => {
  it('should say the streak with the plural the count asks for', () => {
    const plural = '.input {$count :number} .match $count one {{{$count} day}} * {{{$count} days}}';
    const own = bindTexts(SLACK_MESSAGES, stubCatalogs(SLACK_MESSAGES, { 'home.streak': plural }));
    const shown = (streak: number): string => JSON.stringify(homeView({ ...base, streak }, NOW, own).blocks);
    expect(shown(1)).toContain('"1 day"');
    expect(shown(4)).toContain('"4 days"');
    expect(text({ ...base, streak: 1 })).toContain('*Check-ins in a row:* 1');
  });

  it('should label the journey buttons from the catalog', () => {
    const own = bindTexts(SLACK_MESSAGES, stubCatalogs(SLACK_MESSAGES, { 'home.journey.week': 'The week' }));
    const view = JSON.stringify(homeView(base, NOW, own).blocks);
    expect(view).toContain('"text":"The week"');
    expect(text(base)).toContain('"text":"Look back on the week"');
  });
});

describe('nextOccurrence', () => {
  it('should give today when the time is still ahead, tomorrow when it has passed, nothing for a bad zone', () => {
    expect(nextOccurrence('11:00', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 10, 22, 10, 0));
    expect(nextOccurrence('09:00', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 10, 23, 8, 0));
    expect(nextOccurrence('09:00', 'Not/AZone', NOW)).toBeUndefined();
  });
});

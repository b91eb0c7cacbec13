import { describe, expect, it } from 'vitest';
import {
  MAX_JOURNAL_CHARS,
  pickDailyPrompt,
  recordCheckin,
  recordMood,
  saveJournal,
} from '../../../src/coach/daily/daily-actions.js';
import { readPrompts } from '../../../src/coach/daily/prompts.js';
import type { JsonRecord } from '../../../src/core/state.js';
import { readContentData } from '../../support/catalogs.js';
import { at, DAY, run, stateWith } from './helpers.js';
import { resourcesText } from '../../support/actions.js';

const PROMPTS = readPrompts(readContentData());
const pick = pickDailyPrompt(PROMPTS);
const NOW = at('2026-03-10T08:00:00Z');
const JOURNAL_TEXTS = { saved: 'kept it', notStored: 'not kept, as you asked', empty: 'nothing to keep' };
const promptVar = (vars: JsonRecord): JsonRecord => vars.prompt as JsonRecord;

describe('pickDailyPrompt', () => {
  it('should set the prompt pieces the flow templates and record that it was shown', () => {
    const { vars, state } = run(pick, stateWith(), { now: NOW });
    const prompt = PROMPTS.find((p) => p.id === promptVar(vars).id);
    expect(prompt).toBeDefined();
    expect(promptVar(vars)).toMatchObject({
      reflection: prompt?.reflection,
      action: prompt?.action,
      theme: prompt?.theme,
    });
    expect(vars.already).toBe(false);
    expect(vars.moodToday).toBeNull();
    expect(state.stats.promptHistory).toEqual([{ id: prompt?.id, date: '2026-03-10' }]);
  });

  it('should offer the same prompt again later the same day, and mark the day as checked in once answered', () => {
    const first = run(pick, stateWith(), { now: NOW });
    const again = run(pick, first.state, { now: NOW + 3_600_000 });
    expect(promptVar(again.vars).id).toBe(promptVar(first.vars).id);
    expect(again.vars.already).toBe(false);
    const answered = run(recordCheckin, first.state, { now: NOW, vars: first.vars, args: { outcome: 'skip' } });
    const third = run(pick, answered.state, { now: NOW + 7_200_000 });
    expect(promptVar(third.vars).id).toBe(promptVar(first.vars).id);
    expect(third.vars.already).toBe(true);
  });

  it('should give a fresh prompt on request, different from everything offered today', () => {
    const first = run(pick, stateWith(), { now: NOW });
    const fresh = run(pick, first.state, { now: NOW, args: { fresh: true } });
    const third = run(pick, fresh.state, { now: NOW, args: { fresh: true } });
    const ids = [first, fresh, third].map((r) => promptVar(r.vars).id);
    expect(new Set(ids).size).toBe(3);
    // Without `fresh`, the latest prompt of the day is today's prompt.
    expect(promptVar(run(pick, third.state, { now: NOW }).vars).id).toBe(ids[2]);
  });

  it("should give a new prompt on the next day and report today's mood when there is one", () => {
    const first = run(pick, stateWith(), { now: NOW });
    const withMood = { ...first.state, stats: { ...first.state.stats, moods: [{ date: '2026-03-11', score: 4 }] } };
    const next = run(pick, withMood, { now: NOW + DAY });
    expect(promptVar(next.vars).id).not.toBe(promptVar(first.vars).id);
    expect(next.vars.moodToday).toBe(4);
  });

  it('should pick a stance-specific prompt for the intervention stance first', () => {
    const profile = { assessment: { stance: 'intervention', children: false, living: 'apart' } };
    const { vars } = run(pick, stateWith({ profile }), { now: NOW });
    expect(promptVar(vars).theme).toBe('change');
  });
});

describe('recordCheckin', () => {
  it('should keep one entry per prompt and day, with the stronger outcome', () => {
    const picked = run(pick, stateWith(), { now: NOW });
    let state = picked.state;
    for (const outcome of ['done', 'skip', 'journal', 'done']) {
      state = run(recordCheckin, state, { now: NOW, vars: picked.vars, args: { outcome } }).state;
    }
    expect(state.stats.checkins).toEqual([
      { date: '2026-03-10', prompt: promptVar(picked.vars).id, outcome: 'journal' },
    ]);
    expect(state.stats.promptHistory).toHaveLength(1);
  });

  it('should cap the check-in list at 90 entries, dropping the oldest', () => {
    const checkins = Array.from({ length: 90 }, (_, i) => ({
      date: new Date(NOW - (90 - i) * DAY).toISOString().slice(0, 10),
      prompt: 'self-move',
      outcome: 'done',
    }));
    const picked = run(pick, stateWith({ stats: { checkins } }), { now: NOW });
    const { state } = run(recordCheckin, picked.state, { now: NOW, vars: picked.vars, args: { outcome: 'done' } });
    const list = state.stats.checkins as JsonRecord[];
    expect(list).toHaveLength(90);
    expect(list[0]?.date).toBe(checkins[1]?.date);
    expect(list.at(-1)?.date).toBe('2026-03-10');
    expect(state.stats.streak).toBe(90);
  });

  it('should refuse to run without a prompt, naming the action to run first', () => {
    expect(() =>
      recordCheckin({ state: stateWith(), vars: {}, args: { outcome: 'done' }, now: NOW, resourcesText }),
    ).toThrow(/pickDailyPrompt/);
  });
});

describe('saveJournal', () => {
  const vars = { prompt: { id: 'self-move' }, entry: '  A good walk today.  ' };

  it('should store the entry with date and prompt when the user agreed to storage', () => {
    const { state, say } = run(saveJournal, stateWith({ settings: { consent: true } }), {
      now: NOW,
      vars,
      args: JOURNAL_TEXTS,
    });
    expect(state.stats.journal).toEqual([{ date: '2026-03-10', prompt: 'self-move', text: 'A good walk today.' }]);
    expect(say).toEqual(['kept it']);
  });

  it('should store nothing and say so when consent is false, and drop the entry from the journey', () => {
    const {
      state,
      vars: after,
      say,
    } = run(saveJournal, stateWith({ settings: { consent: false } }), { now: NOW, vars, args: JOURNAL_TEXTS });
    expect(state.stats.journal).toBeUndefined();
    expect(after.entry).toBeNull();
    expect(say).toEqual(['not kept, as you asked']);
  });

  it('should cap entries at 2000 characters and the journal at 200 entries', () => {
    const journal = Array.from({ length: 200 }, (_, i) => ({ date: '2026-01-01', prompt: null, text: `entry ${i}` }));
    const long = { ...vars, entry: 'x'.repeat(MAX_JOURNAL_CHARS + 50) };
    const { state } = run(saveJournal, stateWith({ stats: { journal } }), {
      now: NOW,
      vars: long,
      args: JOURNAL_TEXTS,
    });
    const kept = state.stats.journal as JsonRecord[];
    expect(kept).toHaveLength(200);
    expect(kept[0]?.text).toBe('entry 1');
    expect(kept.at(-1)?.text).toHaveLength(MAX_JOURNAL_CHARS);
  });

  it('should keep nothing from an empty entry', () => {
    const { state, say } = run(saveJournal, stateWith(), { now: NOW, vars: { entry: '   ' }, args: JOURNAL_TEXTS });
    expect(state.stats.journal).toBeUndefined();
    expect(say).toEqual(['nothing to keep']);
  });

  it('should reject missing texts in its args', () => {
    expect(() => saveJournal({ state: stateWith(), vars, args: { saved: 'x' }, now: NOW, resourcesText })).toThrow();
  });
});

describe('recordMood', () => {
  it('should keep one score per local date, the latest winning', () => {
    const tokyo = stateWith({ settings: { timezone: 'Asia/Tokyo' } });
    // 20:00 UTC is already the next morning in Tokyo.
    const first = run(recordMood, tokyo, { now: at('2026-03-10T20:00:00Z'), vars: { mood: '2' } });
    const second = run(recordMood, first.state, { now: at('2026-03-10T23:00:00Z'), vars: { mood: '4' } });
    expect(second.state.stats.moods).toEqual([{ date: '2026-03-11', score: 4 }]);
  });

  it('should ignore anything that is not a score from 1 to 5', () => {
    for (const mood of ['0', '6', 'happy', '2.5']) {
      expect(run(recordMood, stateWith(), { now: NOW, vars: { mood } }).state.stats.moods).toBeUndefined();
    }
  });
});

describe('without consent to storage', () => {
  const private_ = stateWith({ settings: { consent: false, timezone: 'UTC' } });

  it('should record no check-in, mood or prompt history', () => {
    const picked = run(pick, private_, { now: NOW });
    const checked = run(recordCheckin, picked.state, { now: NOW, vars: picked.vars, args: { outcome: 'done' } });
    const mood = run(recordMood, checked.state, { now: NOW, vars: { mood: '3' } });
    expect(promptVar(picked.vars).id).toEqual(expect.any(String));
    expect(mood.state.stats).toEqual({});
  });

  it('should still not repeat a prompt within 14 days over a month, keeping nothing', () => {
    const audiences = [undefined, { stance: 'intervention', children: true, living: 'together' }];
    for (const assessment of audiences) {
      const state = stateWith({ settings: { consent: false }, profile: assessment ? { assessment } : {} });
      const ids = Array.from({ length: 31 }, (_, day) => promptVar(run(pick, state, { now: NOW + day * DAY }).vars).id);
      for (let i = 0; i + 14 <= ids.length; i += 1) expect(new Set(ids.slice(i, i + 14)).size).toBe(14);
      const themes = ids.slice(0, 3).map((id) => PROMPTS.find((p) => p.id === id)?.theme);
      expect(new Set(themes).size).toBe(3);
    }
  });
});

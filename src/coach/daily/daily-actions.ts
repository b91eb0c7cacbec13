import { z } from 'zod';
import { ErrorCode, SteadyError } from '../../core/errors.js';
import type { Json, JsonRecord } from '../../core/state.js';
import type { ActionContext, ActionFn, ActionResult } from '../../engine/actions.js';
import { addDays, localDate, zoneOf } from './dates.js';
import { promptById } from './prompts.js';
import type { Prompt } from './prompt-schema.js';
import {
  appendCapped,
  CAPS,
  readCheckins,
  readJournal,
  readMoods,
  readSeen,
  recentCheckins,
  recentMoods,
  recentSeen,
  type Checkin,
  type Outcome,
} from './records.js';
import { ReviewTextsSchema, reviewLines, weekNumbers } from './review.js';
import { allowed, audienceOf, choosePrompt, rotatingPrompt } from './select.js';
import { streakDetail, streakOn } from './streak.js';

/** Longest journal entry kept, in characters; the flow's ask step already refuses longer ones. */
export const MAX_JOURNAL_CHARS = 2000;

function today(ctx: ActionContext): string {
  return localDate(ctx.now, zoneOf(ctx.state.settings));
}

// `settings.consent` false means nothing is kept beyond the conversation: no check-ins, moods or journal.
function keepsNothing(ctx: ActionContext): boolean {
  return ctx.state.settings.consent === false;
}

// What the flow templates: `{$vars.prompt.reflection}`, `{$vars.prompt.action}`.
function view(prompt: Prompt): JsonRecord {
  return {
    id: prompt.id,
    theme: prompt.theme,
    reflection: prompt.reflection,
    action: prompt.action,
    sources: [...prompt.sources],
  };
}

// === pickDailyPrompt

const PickArgs = z.strictObject({ fresh: z.boolean().optional() });

/**
 * Named action `pickDailyPrompt` over `prompts`: sets `vars.prompt` to today's prompt. The prompt of the day
 * stays the same all day (asking again shows it again); `args.fresh` picks a new one that was not offered
 * today. Also sets `vars.already` (the user has checked in today), `vars.moodToday` (today's score, or null)
 * and refreshes `stats.streak`. With `settings.consent` false it stores nothing and walks through the
 * prompts by calendar day instead.
 */
export function pickDailyPrompt(prompts: readonly Prompt[]): ActionFn {
  return (ctx) => {
    const { fresh = false } = PickArgs.parse(ctx.args);
    const date = today(ctx);
    return keepsNothing(ctx) ? pickWithoutHistory(ctx, prompts, date) : pickWithHistory(ctx, prompts, date, fresh);
  };
}

function pickWithHistory(ctx: ActionContext, prompts: readonly Prompt[], date: string, fresh: boolean): ActionResult {
  const stats = ctx.state.stats;
  const checkins = readCheckins(stats);
  const seen = readSeen(stats);
  const checkedToday = checkins.filter((c) => c.date === date);
  const offeredToday = [...seen.filter((s) => s.date === date).map((s) => s.id), ...checkedToday.map((c) => c.prompt)];
  const common = {
    'vars.moodToday': readMoods(stats).find((m) => m.date === date)?.score ?? null,
    'stats.streak': streakOn(checkins, date),
  };
  const gated = gateClosed(ctx);
  // Today's prompt stays the same all day, unless the gate closed since and it involves contact.
  const offered = fresh ? undefined : promptById(offeredToday.at(-1) ?? '', prompts);
  const current = offered !== undefined && allowed(offered, gated) ? offered : undefined;
  if (current) return { set: { ...common, 'vars.prompt': view(current), 'vars.already': checkedToday.length > 0 } };
  const selection = { audience: audienceOf(ctx.state.profile), seen, today: date, gated };
  const prompt =
    choosePrompt(prompts, { ...selection, exclude: new Set(offeredToday) }) ?? choosePrompt(prompts, selection);
  if (!prompt) throw noPrompt();
  const history = appendCapped(recentSeen(stats), { id: prompt.id, date }, CAPS.promptHistory);
  return { set: { ...common, 'vars.prompt': view(prompt), 'vars.already': false, 'stats.promptHistory': history } };
}

function pickWithoutHistory(ctx: ActionContext, prompts: readonly Prompt[], date: string): ActionResult {
  const prompt = rotatingPrompt(prompts, audienceOf(ctx.state.profile), date, gateClosed(ctx));
  if (!prompt) throw noPrompt();
  return { set: { 'vars.prompt': view(prompt), 'vars.already': false, 'vars.moodToday': null } };
}

// Once a legal or safety signal closed the contact gate, no prompt that involves contact with the spouse is shown.
function gateClosed(ctx: ActionContext): boolean {
  return ctx.state.flags.contactBlocked === true;
}

// Cannot happen while the data holds general prompts; the message says what to restore.
function noPrompt(): SteadyError {
  return new SteadyError(
    ErrorCode.ActionFailed,
    'No daily prompt fits this user; add prompts without a `when` to flows/locales/en/data/prompts.yaml.',
  );
}

// === recordCheckin

const OUTCOME_RANK: Record<Outcome, number> = { skip: 0, done: 1, journal: 2 };
const RecordArgs = z.strictObject({ outcome: z.enum(['done', 'skip', 'journal']) });

/**
 * Records today's answer to `vars.prompt` (`args.outcome`: done, skip or journal) in `stats.checkins`,
 * and updates `stats.streak`, `stats.lastCheckin` (the local date) and `stats.promptHistory`; `vars.forgiven` says
 * whether the streak runs over a forgiven missed day. Answering the
 * same prompt twice on one day keeps one entry with the stronger outcome (journal over done over skip).
 * With `settings.consent` false nothing is recorded.
 */
export function recordCheckin(ctx: ActionContext): ActionResult {
  const { outcome } = RecordArgs.parse(ctx.args);
  const prompt = promptIdOf(ctx.vars);
  if (prompt === undefined)
    throw new SteadyError(ErrorCode.ActionFailed, 'recordCheckin needs vars.prompt; run pickDailyPrompt first.');
  if (keepsNothing(ctx)) return {};
  const date = today(ctx);
  const checkins = withCheckin(recentCheckins(ctx.state.stats), { date, prompt, outcome });
  const seen = recentSeen(ctx.state.stats);
  const history = seen.some((s) => s.id === prompt && s.date === date)
    ? seen
    : appendCapped(seen, { id: prompt, date }, CAPS.promptHistory);
  const { streak, forgiven } = streakDetail(readCheckins({ ...ctx.state.stats, checkins }), date);
  return {
    set: {
      'stats.checkins': checkins,
      'stats.streak': streak,
      'vars.forgiven': forgiven > 0,
      'stats.lastCheckin': date,
      'stats.promptHistory': history,
    },
  };
}

function promptIdOf(vars: Readonly<JsonRecord>): string | undefined {
  const prompt = vars.prompt;
  if (typeof prompt !== 'object' || prompt === null || Array.isArray(prompt)) return undefined;
  return typeof prompt.id === 'string' ? prompt.id : undefined;
}

function withCheckin(checkins: readonly Checkin[], entry: Checkin): Checkin[] {
  const index = checkins.findIndex((c) => c.date === entry.date && c.prompt === entry.prompt);
  const existing = index === -1 ? undefined : checkins[index];
  if (!existing) return appendCapped(checkins, entry, CAPS.checkins);
  const outcome = OUTCOME_RANK[entry.outcome] > OUTCOME_RANK[existing.outcome] ? entry.outcome : existing.outcome;
  return checkins.map((c, i) => (i === index ? { ...c, outcome } : c));
}

// === saveJournal

const JournalArgs = z.strictObject({
  /** Said when the entry was kept. */
  saved: z.string().min(1),
  /** Said when the user chose not to have anything stored (`settings.consent` is false). */
  notStored: z.string().min(1),
  /** Said when there was nothing to keep. */
  empty: z.string().min(1),
});

/**
 * Keeps `vars.entry` in `stats.journal` as `{date, prompt, text}` (newest last, at most 200 entries of
 * 2000 characters). With `settings.consent` false nothing is kept, and the entry leaves the journey too.
 */
export function saveJournal(ctx: ActionContext): ActionResult {
  const texts = JournalArgs.parse(ctx.args);
  const raw = ctx.vars.entry;
  const text = typeof raw === 'string' ? raw.trim().slice(0, MAX_JOURNAL_CHARS) : '';
  if (keepsNothing(ctx)) return { set: { 'vars.entry': null }, say: [texts.notStored] };
  if (text === '') return { say: [texts.empty] };
  const entry = { date: today(ctx), prompt: promptIdOf(ctx.vars) ?? null, text };
  return {
    set: { 'stats.journal': appendCapped(readJournal(ctx.state.stats), entry, CAPS.journal) },
    say: [texts.saved],
  };
}

// === recordMood

const MoodArgs = z.strictObject({
  from: z
    .string()
    .regex(/^vars\.[A-Za-z_]+$/)
    .default('vars.mood'),
});

/** A mood score at or below this is a low day. */
export const LOW_MOOD = 2;

/**
 * Stores the 1–5 score in `args.from` (default `vars.mood`) as today's entry of `stats.moods`, replacing an
 * earlier one, and sets `vars.lowDays` to the run of low days ending today (so two in a row get a check-in);
 * stores nothing with `settings.consent` false.
 */
export function recordMood(ctx: ActionContext): ActionResult {
  const { from } = MoodArgs.parse(ctx.args);
  const score = Number(ctx.vars[from.slice('vars.'.length)]);
  if (keepsNothing(ctx) || !Number.isInteger(score) || score < 1 || score > 5) return {};
  const date = today(ctx);
  const moods = appendCapped(
    recentMoods(ctx.state.stats).filter((m) => m.date !== date),
    { date, score },
    CAPS.moods,
  );
  const known = readMoods({ ...ctx.state.stats, moods });
  return { set: { 'stats.moods': moods, 'vars.lowDays': lowDaysUpTo(known, date) } };
}

function lowDaysUpTo(moods: readonly { date: string; score: number }[], date: string): number {
  const byDate = new Map(moods.map((m) => [m.date, m.score]));
  let days = 0;
  for (let day = date; (byDate.get(day) ?? LOW_MOOD + 1) <= LOW_MOOD; day = addDays(day, -1)) days += 1;
  return days;
}

// === weeklyReview

/** Says the review of the last seven local days in one message (texts from args) and sets `vars.week` to its numbers. */
export function weeklyReview(ctx: ActionContext): ActionResult {
  const texts = ReviewTextsSchema.parse(ctx.args);
  const week = weekNumbers(ctx.state.stats, ctx.now, zoneOf(ctx.state.settings));
  const numbers: Record<string, Json> = {
    days: week.checkinDays,
    skips: week.skipDays,
    streak: week.streak,
    contacts: week.contacts,
    ...week.outcomes,
    trend: week.mood.trend,
    average: week.mood.average,
  };
  return { set: { 'vars.week': numbers, 'stats.streak': week.streak }, say: [reviewLines(week, texts).join('\n')] };
}

import type { JsonRecord } from '../../core/state.js';
import { daysBetween } from './dates.js';
import { LIVINGS, STANCES, THEME_ORDER, type Prompt, type Theme } from './prompt-schema.js';
import type { Seen } from './records.js';

/** A prompt is not shown again until this many days after it was last shown. */
export const NO_REPEAT_DAYS = 14;
/** During the user's first this-many prompts, each part of their profile gets a prompt of its own first. */
export const FIRST_WEEK_PROMPTS = 7;

/** The parts of `profile.assessment` that choose prompts; absent when the user has no assessment yet. */
export interface Audience {
  stance?: (typeof STANCES)[number];
  children?: boolean;
  living?: (typeof LIVINGS)[number];
}

/** Reads the audience from `profile.assessment`; undefined before the first assessment. */
export function audienceOf(profile: Readonly<JsonRecord>): Audience | undefined {
  const raw = profile.assessment;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const audience: Audience = {};
  const stance = STANCES.find((s) => s === raw.stance);
  const living = LIVINGS.find((l) => l === raw.living);
  if (stance) audience.stance = stance;
  if (living) audience.living = living;
  if (typeof raw.children === 'boolean') audience.children = raw.children;
  return audience;
}

/** Whether a prompt fits the user: general prompts fit everyone; targeted ones need a matching assessment. */
export function fits(prompt: Prompt, audience: Audience | undefined): boolean {
  const when = prompt.when;
  if (!when) return true;
  if (!audience) return false;
  if (when.stance && !(audience.stance && when.stance.includes(audience.stance))) return false;
  if (when.children !== undefined && audience.children !== when.children) return false;
  if (when.living && !(audience.living && when.living.includes(audience.living))) return false;
  return true;
}

/** What a choice depends on besides the prompts. */
export interface Selection {
  audience: Audience | undefined;
  /** Prompts shown so far, oldest first. */
  seen: readonly Seen[];
  /** The user's local date today. */
  today: string;
  /** Prompt ids never to pick now (the ones already offered today, when the user asks for a fresh one). */
  exclude?: ReadonlySet<string>;
  /** The contact gate is closed: prompts marked `contact` are never picked. */
  gated?: boolean;
}

/** Whether a prompt may be shown at all: one that involves contact with the spouse never once the gate is closed. */
export function allowed(prompt: Prompt, gated: boolean): boolean {
  return !(gated && prompt.contact === true);
}

/**
 * Picks the day's prompt: among fitting prompts not shown in the last {@link NO_REPEAT_DAYS} days, the theme
 * shown least recently wins (themes never shown go first, in {@link THEME_ORDER}), then its prompt shown
 * least recently (never shown first, in data order). When every fitting prompt was shown lately, the one
 * shown longest ago comes back. Deterministic, so the same state always gets the same prompt.
 */
export function choosePrompt(prompts: readonly Prompt[], selection: Selection): Prompt | undefined {
  const lastSeen = lastSeenById(selection.seen);
  const exclude = selection.exclude ?? new Set<string>();
  const gated = selection.gated ?? false;
  const fitting = prompts.filter((p) => fits(p, selection.audience) && allowed(p, gated) && !exclude.has(p.id));
  const fresh = fitting.filter((p) => {
    const last = lastSeen.get(p.id);
    return last === undefined || daysBetween(last, selection.today) >= NO_REPEAT_DAYS;
  });
  if (fresh.length === 0) return leastRecent(fitting, lastSeen);
  const firstWeek = forUncoveredPart(prompts, fresh, selection.seen);
  if (firstWeek) return firstWeek;
  const themeSeen = lastSeenByTheme(prompts, lastSeen);
  const theme = leastRecentTheme(new Set(fresh.map((p) => p.theme)), themeSeen);
  return leastRecent(
    fresh.filter((p) => p.theme === theme),
    lastSeen,
  );
}

/** The parts of a profile a prompt may be written for. */
type Part = 'stance' | 'living' | 'children';
const PARTS: readonly Part[] = ['stance', 'living', 'children'];

// In the first week, a prompt written for a part of the user's profile (their stance, living situation,
// children or none) that no prompt shown so far was written for comes before the general rotation, so every
// profile meets prompts of its own from day one.
function forUncoveredPart(
  prompts: readonly Prompt[],
  fresh: readonly Prompt[],
  seen: readonly Seen[],
): Prompt | undefined {
  if (seen.length >= FIRST_WEEK_PROMPTS) return undefined;
  const byId = new Map(prompts.map((p) => [p.id, p]));
  const covered = new Set(seen.flatMap((s) => partsOf(byId.get(s.id))));
  const candidates = fresh.filter((p) => partsOf(p).some((part) => !covered.has(part)));
  return THEME_ORDER.flatMap((theme) => candidates.filter((p) => p.theme === theme))[0];
}

function partsOf(prompt: Prompt | undefined): Part[] {
  const when = prompt?.when;
  return when ? PARTS.filter((part) => when[part] !== undefined) : [];
}

function lastSeenById(seen: readonly Seen[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const entry of seen) {
    const before = last.get(entry.id);
    if (before === undefined || entry.date > before) last.set(entry.id, entry.date);
  }
  return last;
}

function lastSeenByTheme(prompts: readonly Prompt[], lastSeen: ReadonlyMap<string, string>): Map<Theme, string> {
  const byTheme = new Map<Theme, string>();
  for (const prompt of prompts) {
    const date = lastSeen.get(prompt.id);
    const before = byTheme.get(prompt.theme);
    if (date !== undefined && (before === undefined || date > before)) byTheme.set(prompt.theme, date);
  }
  return byTheme;
}

// '' sorts before every date, so "never shown" always counts as least recent; ties keep the given order.
function leastRecentTheme(candidates: ReadonlySet<Theme>, themeSeen: ReadonlyMap<Theme, string>): Theme | undefined {
  const ordered = THEME_ORDER.filter((t) => candidates.has(t));
  return ordered.reduce<Theme | undefined>((best, theme) => {
    if (best === undefined) return theme;
    return (themeSeen.get(theme) ?? '') < (themeSeen.get(best) ?? '') ? theme : best;
  }, undefined);
}

function leastRecent(prompts: readonly Prompt[], lastSeen: ReadonlyMap<string, string>): Prompt | undefined {
  return prompts.reduce<Prompt | undefined>((best, prompt) => {
    if (best === undefined) return prompt;
    return (lastSeen.get(prompt.id) ?? '') < (lastSeen.get(best.id) ?? '') ? prompt : best;
  }, undefined);
}

/**
 * The day's prompt for a user who keeps no history (`settings.consent` false): fitting prompts are dealt
 * out theme by theme and walked through one per calendar day, so nothing repeats for as many days as
 * there are fitting prompts (well over {@link NO_REPEAT_DAYS}) without storing anything. With `gated`, prompts
 * marked `contact` are left out.
 */
export function rotatingPrompt(
  prompts: readonly Prompt[],
  audience: Audience | undefined,
  today: string,
  gated = false,
): Prompt | undefined {
  const byTheme = THEME_ORDER.map((theme) =>
    prompts.filter((p) => p.theme === theme && fits(p, audience) && allowed(p, gated)),
  );
  const longest = Math.max(0, ...byTheme.map((list) => list.length));
  const dealt = Array.from({ length: longest }, (_, round) => byTheme.flatMap((list) => list[round] ?? [])).flat();
  if (dealt.length === 0) return undefined;
  const day = daysBetween(ROTATION_EPOCH, today);
  return dealt[((day % dealt.length) + dealt.length) % dealt.length];
}

const ROTATION_EPOCH = '2000-01-01';

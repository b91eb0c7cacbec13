import { z } from 'zod';
import { readPath, scopeOf, type Scope } from '../../core/vars.js';
import type { Json } from '../../core/state.js';
import type { ActionContext, ActionResult } from '../../engine/actions.js';

/** How a contact went, as the user tells it afterwards. */
export const CONTACT_OUTCOMES = ['good', 'mixed', 'bad', 'no_reply'] as const;
/** What the user decided at the end of a reflection. */
export const CONTACT_VERDICTS = ['send', 'wait', 'rework'] as const;

/** The most contacts kept; older ones drop off first. */
export const DEFAULT_CONTACT_CAP = 100;

const DAY_MS = 86_400_000;

// Loose, so keys other parts of Steady may add to an entry survive a rewrite of the list.
const ContactSchema = z.looseObject({
  at: z.number(),
  purpose: z.string(),
  verdict: z.enum(CONTACT_VERDICTS),
  outcome: z.enum(CONTACT_OUTCOMES).optional(),
  outcomeAt: z.number().optional(),
});

/** One logged contact in `stats.contacts` (newest last). */
export type Contact = z.infer<typeof ContactSchema>;
/** One of {@link CONTACT_OUTCOMES}. */
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** The readable entries of `stats.contacts`, oldest first; anything malformed is left out. */
export function readContacts(value: Json | undefined): Contact[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => ContactSchema.safeParse(entry))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => a.at - b.at);
}

/** The list with `entry` put in time order, keeping only the newest `cap` entries. */
export function addContact(contacts: readonly Contact[], entry: Contact, cap = DEFAULT_CONTACT_CAP): Contact[] {
  const sorted = [...contacts, entry].sort((a, b) => a.at - b.at);
  return sorted.slice(Math.max(0, sorted.length - cap));
}

/**
 * Records `outcome` on the contact a "how did it go?" refers to: the newest one still open (no outcome,
 * or no reply yet), else the newest of all. Returns undefined when there is no contact at all.
 */
export function withOutcome(contacts: readonly Contact[], outcome: ContactOutcome, now: number): Contact[] | undefined {
  const isOpen = (c: Contact): boolean => c.outcome === undefined || c.outcome === 'no_reply';
  const open = contacts.map((c, i) => (isOpen(c) ? i : -1)).filter((i) => i >= 0);
  const target = open.at(-1) ?? contacts.length - 1;
  if (target < 0) return undefined;
  return contacts.map((c, i) => (i === target ? { ...c, outcome, outcomeAt: now } : c));
}

// === Actions

const LogArgs = z.strictObject({
  /** Path holding the purpose id (`vars.purpose`), or the purpose itself with `purpose`. */
  purposeFrom: z.string().optional(),
  purpose: z.string().optional(),
  verdict: z.enum(CONTACT_VERDICTS).default('send'),
  /** Path holding how many days ago the contact happened (for contacts logged by hand). */
  daysAgoFrom: z.string().optional(),
  /** Path holding an outcome already known (for contacts logged by hand). */
  outcomeFrom: z.string().optional(),
  cap: z.number().int().min(1).default(DEFAULT_CONTACT_CAP),
});

/** Named action `logContact`: appends `{at, purpose, verdict}` to `stats.contacts` (capped, newest last). */
export function logContact(ctx: ActionContext): ActionResult {
  const args = LogArgs.parse(ctx.args);
  const scope = scopeWithVars(ctx);
  const purpose = stringAt(scope, args.purposeFrom) ?? args.purpose ?? 'other';
  const daysAgo = args.daysAgoFrom === undefined ? 0 : readPath(scope, args.daysAgoFrom);
  const at = ctx.now - (typeof daysAgo === 'number' && daysAgo > 0 ? daysAgo : 0) * DAY_MS;
  const outcome = CONTACT_OUTCOMES.find((o) => o === stringAt(scope, args.outcomeFrom));
  const entry: Contact = { at, purpose, verdict: args.verdict, ...(outcome ? { outcome, outcomeAt: ctx.now } : {}) };
  const contacts = addContact(readContacts(ctx.state.stats.contacts), entry, args.cap);
  return { set: { 'stats.contacts': contacts as Json } };
}

const OutcomeArgs = z.strictObject({
  /** Path holding the outcome the user picked (`good`, `mixed`, `bad`, `no_reply`). */
  from: z.string(),
  /** Path set to true when a contact was updated, false when there was none to update. */
  to: z.string().default('vars.recorded'),
});

/** Named action `recordOutcome`: writes `outcome` and `outcomeAt` on the contact the follow-up asks about. */
export function recordOutcome(ctx: ActionContext): ActionResult {
  const args = OutcomeArgs.parse(ctx.args);
  const picked = stringAt(scopeWithVars(ctx), args.from);
  const outcome = CONTACT_OUTCOMES.find((o) => o === picked);
  const updated =
    outcome === undefined ? undefined : withOutcome(readContacts(ctx.state.stats.contacts), outcome, ctx.now);
  if (!updated) return { set: { [args.to]: false } };
  return { set: { 'stats.contacts': updated as Json, [args.to]: true } };
}

function scopeWithVars(ctx: ActionContext): Scope {
  return { ...scopeOf(ctx.state), vars: { ...ctx.vars } };
}

function stringAt(scope: Scope, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const value = readPath(scope, path);
  return typeof value === 'string' ? value : undefined;
}

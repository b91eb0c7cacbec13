import { z } from 'zod';
import { LAST_ADVICE } from '../../core/state.js';
import { readData, type ContentData } from '../../core/content.js';
import type { ActionContext, ActionFn, ActionResult } from '../../engine/actions.js';
import { anyMatch, PatternSchema } from '../patterns.js';

// Steady's answer to what a user wrote: the rules live in flows/locales/en/data/listen.yaml.

/** The data file's name under `locales/en/data/`. */
export const LISTEN_DATA = 'listen';

const Pattern = PatternSchema;

const ListenSchema = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z_]*$/),
        sources: z.array(z.string().regex(/^\d{3}$/)).min(1),
        patterns: z.array(Pattern).min(1),
        unless: z.array(Pattern).default([]),
        /** The reply speaks of a next contact with the spouse: never given once the contact gate is closed. */
        contact: z.boolean().default(false),
        reply: z.string().min(1),
      }),
    )
    .min(1),
});

/** The rules that answer a journal entry, in the order they are tried. */
export type ListenData = z.infer<typeof ListenSchema>;
type ListenRule = ListenData['rules'][number];

/** Reads `locales/en/data/listen.yaml`; throws naming the field at fault. */
export function readListenData(data: ReadonlyMap<string, ContentData>): ListenData {
  return readData(data, LISTEN_DATA, ListenSchema);
}

/** The first rule that fits `text`, or undefined when none does; `gated` skips rules whose reply speaks of contact. */
export function heardIn(text: string, data: ListenData, gated = false): ListenRule | undefined {
  const plain = text.normalize('NFKC').replace(/[\u2018\u2019\u02BC`´]/g, "'");
  return data.rules.find(
    (rule) => !(gated && rule.contact) && anyMatch(rule.patterns, plain) && !anyMatch(rule.unless, plain),
  );
}

const Args = z.strictObject({
  /** Path of what the user wrote, e.g. `vars.entry`. */
  from: z.string().regex(/^vars\.[A-Za-z_]+$/),
});

/**
 * Named action `listenToEntry`: says the reply of the first rule that fits what the user wrote, sets
 * `vars.heard` to its id (null when none fits) and notes its sources as the last advice, for /why.
 */
export function listenToEntry(data: ListenData): ActionFn {
  return (ctx: ActionContext): ActionResult => {
    const { from } = Args.parse(ctx.args);
    const raw = ctx.vars[from.slice('vars.'.length)];
    const gated = ctx.state.flags.contactBlocked === true;
    const rule = typeof raw === 'string' ? heardIn(raw, data, gated) : undefined;
    if (!rule) return { set: { 'vars.heard': null } };
    return {
      set: { 'vars.heard': rule.id, [`stats.${LAST_ADVICE}`]: { sources: rule.sources, step: `listen/${rule.id}` } },
      say: [rule.reply],
    };
  };
}

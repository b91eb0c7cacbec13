import { z } from 'zod';
import type { ActionContext, ActionResult } from '../engine/actions.js';
import { readPath, scopeOf } from '../core/vars.js';

const Args = z.strictObject({
  /** Numeric path to read, e.g. `vars.damage`. */
  from: z.string(),
  /** Path to write the level to, e.g. `profile.damage`. */
  to: z.string(),
  /** Bands in ascending order; the first whose `upTo` is not exceeded wins, the last needs none. */
  levels: z.array(z.strictObject({ upTo: z.number().optional(), value: z.string() })).min(1),
});

/** Turns a summed score into a named level (scoring answers into the profile); the bands are flow data. */
export function scoreLevel(ctx: ActionContext): ActionResult {
  const args = Args.parse(ctx.args);
  const raw = readPath({ ...scopeOf(ctx.state), vars: { ...ctx.vars } }, args.from);
  const score = typeof raw === 'number' ? raw : 0;
  const level = args.levels.find((band) => band.upTo === undefined || score <= band.upTo) ?? args.levels.at(-1);
  return { set: { [args.to]: level?.value ?? null } };
}

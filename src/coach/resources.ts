import type { ActionContext, ActionResult } from '../engine/actions.js';

/** Says the support lines for the user's country (with international directories as the fallback). */
export function showResources(ctx: ActionContext): ActionResult {
  return { say: [ctx.resourcesText(ctx.country ?? 'international')] };
}

import { z } from 'zod';
import type { Json } from '../core/state.js';
import type { ActionContext, ActionResult } from '../engine/actions.js';

/** How many earlier assessments are kept for the progress view. */
export const ASSESSMENT_HISTORY_LIMIT = 20;

// The journey's answers as the flow collects them; anything missing means the flow is broken.
const Answers = z.object({
  relationship: z.enum(['married', 'partner', 'dating']),
  living: z.enum(['together', 'apart']),
  livingAnswer: z.string(),
  asked: z.enum(['space', 'separation', 'divorce', 'unclear', 'work']),
  stance: z.enum(['intervention', 'love', 'unclear']),
  feelings: z.string(),
  response: z.string(),
  doing: z.array(z.string()),
  children: z.boolean(),
  damage: z.enum(['low', 'medium', 'high']),
  every: z.number().int().min(1),
  headline: z.string().min(1),
  score: z.number().optional(),
});

/**
 * Stores the assessment answers as `profile.assessment` (the profile every journey reads), moving the
 * previous one into `profile.assessments` so a retake keeps the history.
 */
export function saveAssessment(ctx: ActionContext): ActionResult {
  const answers = Answers.parse(ctx.vars);
  const assessment: Json = {
    at: ctx.now,
    stage: answers.asked,
    relationship: answers.relationship,
    stance: answers.stance,
    feelings: answers.feelings,
    living: answers.living,
    livingAnswer: answers.livingAnswer,
    response: answers.response,
    doing: answers.doing,
    children: answers.children,
    damage: answers.damage,
    damageScore: answers.score ?? 0,
    contactEveryDays: answers.every,
    headline: answers.headline,
  };
  const previous = ctx.state.profile.assessment;
  const history = Array.isArray(ctx.state.profile.assessments) ? ctx.state.profile.assessments : [];
  const assessments = previous === undefined ? history : [...history, previous].slice(-ASSESSMENT_HISTORY_LIMIT);
  return { set: { 'profile.assessment': assessment, 'profile.assessments': assessments } };
}

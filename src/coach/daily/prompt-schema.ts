import { z } from 'zod';

// === Themes

/**
 * The themes of daily self-work with the sources each rests on, in the order a newcomer meets them:
 * the themes that only fit some profiles come first, so a matching user sees them early.
 */
export const THEMES = {
  change: { sources: ['001'] },
  family: { sources: ['004'] },
  intention: { sources: ['000'] },
  validation: { sources: ['001'] },
  self: { sources: ['003', '004'] },
  connected: { sources: ['002', '003'] },
  resilience: { sources: ['004'] },
  patience: { sources: ['003', '004'] },
  forgiveness: { sources: ['004'] },
  outcome: { sources: ['004'] },
} as const satisfies Record<string, { sources: readonly string[] }>;

/** One theme id, such as `self` or `validation`. */
export type Theme = keyof typeof THEMES;

/** Theme ids in their preference order. */
export const THEME_ORDER = Object.keys(THEMES) as Theme[];

const ThemeSchema = z.enum(THEME_ORDER as [Theme, ...Theme[]]);

// === Prompts

/** The assessment's stances, as `profile.assessment.stance` holds them. */
export const STANCES = ['intervention', 'love', 'unclear'] as const;
/** Where the couple lives, as `profile.assessment.living` holds it. */
export const LIVINGS = ['together', 'apart'] as const;

/** Longest reflection and action, so a prompt reads comfortably on a phone. */
export const MAX_REFLECTION = 280;
export const MAX_ACTION = 200;

const WhenSchema = z.strictObject({
  stance: z.array(z.enum(STANCES)).min(1).optional(),
  children: z.boolean().optional(),
  living: z.array(z.enum(LIVINGS)).min(1).optional(),
});

/** One daily prompt: a short reflection, one small action, its sources, and whom it fits (absent: everyone). */
export const PromptSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+-[a-z0-9-]+$/, { message: 'prompt ids look like theme-word, e.g. self-walk' }),
  theme: ThemeSchema,
  reflection: z.string().min(20).max(MAX_REFLECTION),
  action: z.string().min(10).max(MAX_ACTION),
  sources: z.array(z.enum(['000', '001', '002', '003', '004'])).min(1),
  when: WhenSchema.optional(),
  /** The prompt involves contact with the spouse or a family activity with them: never shown once the gate is closed. */
  contact: z.boolean().optional(),
});

/** A validated prompt. */
export type Prompt = z.infer<typeof PromptSchema>;

/** A prompt as written in the data files, before validation. */
export type PromptInput = z.input<typeof PromptSchema>;

/** The whole prompt set, with the rules that span prompts: unique ids and texts, theme sources, who may see what. */
export const PromptSetSchema = z.array(PromptSchema).superRefine((prompts, ctx) => {
  const seen = new Set<string>();
  for (const [index, prompt] of prompts.entries()) {
    for (const key of [`id:${prompt.id}`, `text:${prompt.reflection}`, `text:${prompt.action}`]) {
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `'${key}' is used twice; every id and text must be unique`,
        });
      seen.add(key);
    }
    const allowed: readonly string[] = THEMES[prompt.theme].sources;
    if (prompt.sources.some((s) => !allowed.includes(s))) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'sources'],
        message: `theme '${prompt.theme}' rests on ${allowed.join(', ')}; cite only those`,
      });
    }
    if (!prompt.id.startsWith(`${prompt.theme}-`)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'id'],
        message: `prompt ids start with their theme: '${prompt.theme}-...'`,
      });
    }
    checkAudience(prompt, index, ctx);
  }
});

// Change prompts only make sense for an intervention separation, family prompts only with children.
function checkAudience(prompt: Prompt, index: number, ctx: z.RefinementCtx): void {
  const stance = prompt.when?.stance;
  if (prompt.theme === 'change' && (stance?.length !== 1 || stance[0] !== 'intervention')) {
    ctx.addIssue({
      code: 'custom',
      path: [index, 'when'],
      message: "change prompts need when: { stance: ['intervention'] }",
    });
  }
  if (prompt.theme === 'family' && prompt.when?.children !== true) {
    ctx.addIssue({ code: 'custom', path: [index, 'when'], message: 'family prompts need when: { children: true }' });
  }
}

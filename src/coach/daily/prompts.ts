import { ErrorCode, SteadyError } from '../../core/errors.js';
import { GROWTH_PROMPTS } from './prompt-data/growth.js';
import { HOLDING_ON_PROMPTS } from './prompt-data/holding-on.js';
import { RELATING_PROMPTS } from './prompt-data/relating.js';
import { PromptSetSchema, type Prompt, type PromptInput } from './prompt-schema.js';

/** Validates a prompt set; a broken set stops start-up with every problem and where it is. */
export function loadPrompts(raw: readonly PromptInput[]): readonly Prompt[] {
  const parsed = PromptSetSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const at = typeof issue.path[0] === 'number' ? (raw[issue.path[0]]?.id ?? `#${issue.path[0]}`) : 'prompts';
    return `${at} ${issue.path.slice(1).join('.')}: ${issue.message}`.replace(/ +:/, ':');
  });
  throw new SteadyError(
    ErrorCode.FlowParse,
    `Daily prompts in src/coach/daily/prompt-data/ are invalid; fix these: ${problems.join('; ')}.`,
  );
}

/** Every daily prompt, validated once when the module loads. */
export const PROMPTS: readonly Prompt[] = loadPrompts([...GROWTH_PROMPTS, ...RELATING_PROMPTS, ...HOLDING_ON_PROMPTS]);

/** Looks a prompt up by id; undefined for ids no longer in the data (a prompt removed since it was shown). */
export function promptById(id: string, prompts: readonly Prompt[] = PROMPTS): Prompt | undefined {
  return prompts.find((p) => p.id === id);
}

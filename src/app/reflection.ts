import { readPrompts } from '../coach/daily/prompts.js';
import type { FlowRegistry } from '../flow/schema.js';

const DAY_MS = 86_400_000;

/**
 * The day's general prompt for a community post: among the prompts that fit everyone and involve no contact
 * with a spouse, one per day in turn, the same for every server that day.
 */
export function dailyReflection(registry: FlowRegistry): (date: string) => string {
  const general = readPrompts(registry.data).filter((p) => p.when === undefined && p.contact !== true);
  return (date) => {
    const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    const prompt = general[((day % general.length) + general.length) % general.length];
    return prompt?.reflection ?? '';
  };
}

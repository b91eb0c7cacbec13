import { readData, type ContentData } from '../../core/content.js';
import { PromptSetSchema, type Prompt } from './prompt-schema.js';

/** The data file's name under `locales/en/data/`. */
export const PROMPT_DATA = 'prompts';

/** Every daily prompt from `locales/en/data/prompts.yaml`, in file order; throws naming each bad field. */
export function readPrompts(data: ReadonlyMap<string, ContentData>): readonly Prompt[] {
  return readData(data, PROMPT_DATA, PromptSetSchema);
}

/** Looks a prompt up by id; undefined for ids no longer in the data (a prompt removed since it was shown). */
export function promptById(id: string, prompts: readonly Prompt[]): Prompt | undefined {
  return prompts.find((p) => p.id === id);
}

import type { Option, StepOf } from '../flow/schema.js';
import {
  ANSWER_WORDS,
  choicesFor,
  understandMany,
  understandOne,
  type CompiledChoices,
  type Understood,
} from '../understand/index.js';
import type { Turn } from './turn.js';

// The bridge between a question's options and the reader in src/understand: every way of saying an option
// (label, id, synonyms, `understands`) is handed over once per loaded step.

type Choose = StepOf<'choose'>;

/** The question's options, read once for as long as the loaded flows live. */
export function compiledFor(step: Choose): CompiledChoices {
  return choicesFor(step, () => step.options.map((o) => ({ id: o.id, phrases: phrasesOf(o) })));
}

/** Every way of saying an option. */
export function phrasesOf(option: Option): string[] {
  return [option.label, option.id.replace(/[_-]/g, ' '), ...(option.synonyms ?? []), ...(option.understands ?? [])];
}

/** What the typed answer to `step` is taken to mean, with the user's clock and zone for dates. */
export function understandTyped(turn: Turn, step: Choose, text: string): Understood {
  const compiled = compiledFor(step);
  const zone = turn.state.settings.timezone;
  const context = { now: turn.now, ...(typeof zone === 'string' ? { zone } : {}) };
  if (!step.multi) return understandOne(compiled, text, context);
  const doneWords = [step.doneLabel ?? turn.program.texts.text('multiDone'), ...ANSWER_WORDS.done];
  return understandMany(compiled, text, context, doneWords);
}

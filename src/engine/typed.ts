import type { Flow, Option, StepOf } from '../flow/schema.js';
import {
  answerWords,
  choicesFor,
  isSlot,
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
  return choicesFor(step, () => step.options.map((o) => ({ id: o.id, phrases: phrasesOf(o), names: [o.label, o.id] })));
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
  const doneWords = [step.doneLabel ?? turn.program.texts.text('multiDone'), ...answerWords().done];
  return understandMany(compiled, text, context, doneWords);
}

/**
 * Problems in the `understands:` phrasings a flow author should see: a phrasing in braces that names no value
 * ({@link slotOf}), which would never match, and the same phrasing under two options of one question.
 */
export function phrasingProblems(flows: Iterable<Flow>): { error: boolean; where: string; message: string }[] {
  const problems: { error: boolean; where: string; message: string }[] = [];
  for (const flow of flows) {
    for (const step of flow.steps) {
      if (step.type !== 'choose') continue;
      const owners = new Map<string, string>();
      for (const option of step.options) {
        const where = `${flow.id}/${step.id} option '${option.id}'`;
        for (const phrase of option.understands ?? []) {
          if (phrase.trim().startsWith('{') && !isSlot(phrase))
            problems.push({
              error: true,
              where,
              message: `'${phrase}' is not a value such as {at:07:30}, {range}, {days:2-4}.`,
            });
          const key = phrase.trim().toLowerCase();
          const owner = owners.get(key);
          if (owner !== undefined && owner !== option.id)
            problems.push({ error: false, where, message: `'${phrase}' is also a phrasing of option '${owner}'.` });
          owners.set(key, option.id);
        }
      }
    }
  }
  return problems;
}

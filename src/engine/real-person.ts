import { z } from 'zod';
import { readData, type ContentData } from '../core/content.js';

// "Am I talking to a real person?" in the ways people ask it, read from data; src/engine/honesty.ts says the rest.

/** The data file's name under `locales/en/data/`. */
export const REAL_PERSON_DATA = 'real-person';

const Phrase = z.string().min(1);
const RealPersonSchema = z.strictObject({ questions: z.array(Phrase).min(1), fillers: z.array(Phrase) });

/** Recognises "am I talking to a real person?" in the ways the data lists. */
export interface RealPersonQuestion {
  matches(text: string): boolean;
}

/** Reads the phrasings from `locales/en/data/real-person.yaml`; throws a FlowParse error naming the file and field. */
export function readRealPersonQuestion(data: ReadonlyMap<string, ContentData>): RealPersonQuestion {
  const { questions, fillers } = readData(data, REAL_PERSON_DATA, RealPersonSchema);
  const known = new Set(questions.map(normalise));
  const leading = fillers.map(normalise).sort((a, b) => b.length - a.length);
  return {
    matches(text) {
      let words = normalise(text);
      for (let stripped = true; stripped;) {
        const filler = leading.find((f) => words.startsWith(`${f} `));
        stripped = filler !== undefined;
        if (filler !== undefined) words = words.slice(filler.length + 1);
      }
      return known.has(words);
    },
  };
}

// Lower case, apostrophes dropped ("I'm" → "im"), other punctuation as spaces, spaces collapsed.
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

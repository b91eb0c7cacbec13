import type { z } from 'zod';
import { ErrorCode, SteadyError } from './errors.js';

// Structured content (safety rules, support lines, daily prompts, draft-review rules) lives in YAML files
// under flows/locales/en/data/. The loader only parses them; each part of Steady validates its own with zod,
// once, when the program is built, so a broken file stops start-up and `npm run flows:check` with its path.

/** One parsed data file: where it came from and its value, not yet validated. */
export interface ContentData {
  file: string;
  value: unknown;
}

/** The value of data file `name`, validated by `schema`; throws a FlowParse error naming the file and field. */
export function readData<T>(data: ReadonlyMap<string, ContentData>, name: string, schema: z.ZodType<T>): T {
  const found = data.get(name);
  if (found === undefined) {
    throw new SteadyError(
      ErrorCode.FlowParse,
      `locales/en/data/${name}.yaml is missing; create it in the flows directory.`,
    );
  }
  const result = schema.safeParse(found.value);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `${found.file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
  );
  throw new SteadyError(ErrorCode.FlowParse, `${lines.length} problem(s) in ${found.file}:\n${lines.join('\n')}`);
}

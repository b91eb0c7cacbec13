import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ErrorCode, SteadyError } from '../core/errors.js';

// === The labelled sets `npm run safety:eval` measures: the tuned set (what the rules and the classifier are
// built on) and held-out sets (written without sight of either, never tuned on). Both share one format.

/** What a message is, as its writer labelled it; the expected answer follows from the kind. */
export const KINDS = [
  'explicit-self',
  'implicit-self',
  'hidden-self-harm',
  'harm-others',
  'danger-now',
  'child-safety',
  'user-stalks',
  'legal-order',
  'fear',
  'other-language',
  'harmless',
] as const;

/** One kind of labelled message. */
export type Kind = (typeof KINDS)[number];

const ItemSchema = z.object({
  kind: z.enum(KINDS),
  lang: z.string().regex(/^[a-z]{2}$/, { message: 'lang is a two-letter language code, e.g. en' }),
  intent: z.enum(['self', 'order']).optional(),
  text: z.string().min(1),
});

/** One labelled message. */
export type EvalItem = z.output<typeof ItemSchema>;

const SetFileSchema = z.object({ written: z.unknown().optional(), items: z.array(ItemSchema).min(1) });

/** A labelled set: where it came from and its items. */
export interface EvalSet {
  name: string;
  items: EvalItem[];
}

/** Reads one set file (`written:` and `items:`); throws a SteadyError naming the file and the field. */
export function readSetFile(file: string): EvalItem[] {
  if (!existsSync(file)) throw new SteadyError(ErrorCode.Config, `${file}: no such file; give the path of a set.`);
  const parsed = SetFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new SteadyError(ErrorCode.Config, `${file}: not a set of labelled messages (${where}).`);
  }
  for (const [index, item] of parsed.data.items.entries()) {
    if (item.kind === 'other-language' && item.intent === undefined)
      throw new SteadyError(ErrorCode.Config, `${file}: items.${index}: other-language needs intent: self or order.`);
  }
  return parsed.data.items;
}

/** Every `*.yaml` set in `dir`, one set per file, in name order; none when the directory does not exist. */
export function readSetDir(dir: string): EvalSet[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name: join(dir, name), items: readSetFile(join(dir, name)) }));
}

// The older corpus (test/safety/corpus) is labelled by category and tier; it joins the tuned set under the
// kind each label stands for. Distress and figures of speech have no kind of their own and stay out.
const CorpusPositive = z.object({
  text: z.string(),
  category: z.string(),
  tier: z.string(),
  explicit: z.boolean(),
});
const CorpusBenign = z.object({ text: z.string() });

function corpusKind(item: z.output<typeof CorpusPositive>): Kind | undefined {
  switch (item.category) {
    case 'suicide':
    case 'method':
    case 'selfHarm':
      return item.explicit && item.category === 'suicide' ? 'explicit-self' : 'implicit-self';
    case 'harmOthers':
      return 'harm-others';
    case 'abused':
      return item.tier === 'imminent' ? 'danger-now' : 'fear';
    case 'stalking':
      return 'user-stalks';
    case 'legalNoContact':
      return 'legal-order';
    default:
      return undefined;
  }
}

/** The older corpus's distress and figure-of-speech items: not a kind of their own, but the classifier learns them. */
export function readCorpusDistress(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith('positive-') && n.endsWith('.yaml'))
    .flatMap((name) => z.array(CorpusPositive).parse(parse(readFileSync(join(dir, name), 'utf8'))))
    .filter((item) => item.category === 'distress' || item.category === 'ambiguous')
    .map((item) => item.text);
}

/** The older corpus as one set of English items, each under the kind its label stands for. */
export function readCorpus(dir: string): EvalSet {
  const items: EvalItem[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const value: unknown = parse(readFileSync(join(dir, name), 'utf8'));
    if (name.startsWith('benign-')) {
      for (const item of z.array(CorpusBenign).parse(value))
        items.push({ kind: 'harmless', lang: 'en', text: item.text });
    } else {
      for (const item of z.array(CorpusPositive).parse(value)) {
        const kind = corpusKind(item);
        if (kind !== undefined) items.push({ kind, lang: 'en', text: item.text });
      }
    }
  }
  return { name: dir, items };
}

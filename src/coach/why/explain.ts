import { z } from 'zod';
import { LAST_ADVICE } from '../../core/state.js';
import { readData, type ContentData } from '../../core/content.js';
import { formatText } from '../../core/messages.js';
import type { ActionContext, ActionFn, ActionResult } from '../../engine/actions.js';
import type { Sources } from '../../flow/schema.js';

/** The data file's name under `locales/en/data/`. */
export const WHY_DATA = 'why';

const SourceId = z.string().regex(/^\d{3}$/);

const WhySchema = z.strictObject({
  texts: z.strictObject({
    intro: z.string().min(1),
    sourceLine: z.string().min(1),
    disagreeIntro: z.string().min(1),
    disagreeLine: z.string().min(1),
    outro: z.string().min(1),
    none: z.string().min(1),
    gated: z.string().min(1),
  }),
  disagreements: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z][a-z_-]*$/),
      sources: z.array(SourceId).min(2),
      /** About how to be in touch: left out once the contact gate is closed. */
      contact: z.boolean().default(false),
      text: z.string(),
    }),
  ),
});

/** The words and disagreements /why says, as validated from `why.yaml`. */
export type WhyData = z.infer<typeof WhySchema>;

/** Reads `locales/en/data/why.yaml`; throws naming the field at fault. */
export function readWhyData(data: ReadonlyMap<string, ContentData>): WhyData {
  return readData(data, WHY_DATA, WhySchema);
}

const LastAdvice = z.object({ sources: z.array(SourceId).min(1) });

/** The sources cited by the last advice the user read (`stats.lastAdvice`), or an empty list. */
export function lastSources(stats: Readonly<Record<string, unknown>>): string[] {
  const parsed = LastAdvice.safeParse(stats[LAST_ADVICE]);
  return parsed.success ? [...new Set(parsed.data.sources)].sort() : [];
}

/** At most this many disagreements are said at once, so the answer stays one screen. */
const MAX_DISAGREEMENTS = 2;

/**
 * The messages for `cited`: one line per source, then (as a second message) who says what where at least
 * two of them disagree, the disagreements sharing most sources first; `gated` (the contact gate is closed)
 * leaves out those about contact and says why.
 */
export function explainText(cited: readonly string[], sources: Sources, data: WhyData, gated = false): string[] {
  const { texts } = data;
  const known = cited.filter((id) => sources[id] !== undefined);
  if (known.length === 0) return [texts.none];
  const lines = known.map((id) => formatText(texts.sourceLine, { id, ...sources[id] }));
  const shared = (ids: readonly string[]): number => ids.filter((id) => known.includes(id)).length;
  const clashes = data.disagreements
    .filter((d) => shared(d.sources) >= 2 && !(gated && d.contact))
    .sort((a, b) => shared(b.sources) - shared(a.sources))
    .slice(0, MAX_DISAGREEMENTS);
  const disagree = clashes.map((d) => formatText(texts.disagreeLine, { text: d.text }));
  const note = gated ? [texts.gated] : [];
  const second =
    clashes.length === 0 ? [...note, texts.outro] : [...note, texts.disagreeIntro, ...disagree, texts.outro];
  return [[texts.intro, ...lines].join('\n'), second.join('\n')];
}

/**
 * Named action `explainSources`: says which sources the last advice rests on and where they disagree; with the
 * contact gate closed, it says their contact advice does not apply and leaves out disagreements about contact.
 */
export function explainSources(sources: Sources, data: WhyData): ActionFn {
  return (ctx: ActionContext): ActionResult => {
    const gated = ctx.state.flags.contactBlocked === true;
    return { say: explainText(lastSources(ctx.state.stats), sources, data, gated) };
  };
}

import { ACTION_NAMES } from '../src/coach/index.js';
import { loadFlows } from '../src/flow/loader.js';
import { createSafety } from '../src/safety/index.js';
import type { BenchContext, Section, SectionResult } from './support/section.js';
import { quantile, round } from './support/stats.js';

// How long the safety screen takes on one 1,000-character message (rules, lexicon, sentence split and classifier,
// all of it), on one core, in process. Each message differs by a counter so nothing is cached between them.

const GOAL_P99_MS = 1;

const PARAGRAPH =
  'We talked again about the house and the car and who keeps the dog. She says she needs more time and I keep ' +
  'telling myself to be patient, but it is hard to sleep and I miss the kids when they are at her place. ';

function message(i: number): string {
  return `${PARAGRAPH.repeat(6).slice(0, 990)} ${String(i).padStart(8, '0')}`;
}

export const safetyScreen: Section = {
  name: 'safetyScreen',
  title: 'Safety screen: time per 1,000-character message',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const registry = await loadFlows('flows', new Set(ACTION_NAMES));
    const safety = createSafety(registry);
    const warm = ctx.quick ? 200 : 1_000;
    const runs = ctx.quick ? 1_000 : 10_000;
    for (let i = 0; i < warm; i += 1) safety.screen(message(i));
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const text = message(warm + i);
      const start = process.hrtime.bigint();
      safety.screen(text);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p50 = round(quantile(times, 0.5), 3);
    const p99 = round(quantile(times, 0.99), 3);
    ctx.log(`safety screen: p50 ${p50} ms, p99 ${p99} ms over ${runs} messages`);
    return {
      figures: { runs, chars: message(0).length, p50Ms: p50, p99Ms: p99, maxMs: round(times.at(-1) ?? 0, 3) },
      goals: [{ text: `p99 <= ${GOAL_P99_MS} ms per 1,000-character message`, value: p99, met: p99 <= GOAL_P99_MS }],
      table: {
        header: ['measure', 'ms'],
        rows: [
          ['p50', p50],
          ['p99', p99],
        ],
      },
      notes:
        'One process, one core, on a machine shared with other work (p99 there mostly measures waiting for the core). A rule pattern is searched only when the message holds a piece of text it cannot match without, and the classifier adds one row of word shares per word, so most of the time goes to the sentence split (wink-nlp), the lexicon and normalisation.',
    };
  },
};

// `npm run safety:eval [-- --heldout <file>]... [--misses] [--json] [--country gb]`: measures the safety screen on the tuned set
// (test/safety/corpus and test/safety/tuned) and on each held-out set (test/safety/heldout/*.yaml, or the files
// given with --heldout), per kind, per confidence tier and per language, with the targets beside the figures.
// Missed items are listed for the tuned set only (--misses): held-out words are for measuring, not reading.
// `--leave-out <file>` (repeatable) measures a tuned file as if it were held out: the classifier is trained again,
// in memory, without it, and the file is reported on its own. (The rules may still have been written with it.)
import { parseArgs } from 'node:util';
import { loadContent } from '../app/content.js';
import { readCorpus, readSetDir, readSetFile, type EvalSet } from './safety-eval-sets.js';
import { rows, scoreSet, table, type Scored } from './safety-eval-score.js';
import { withClassifierLeavingOut } from './safety-train-examples.js';

const TUNED_DIR = 'test/safety/tuned';
const CORPUS_DIR = 'test/safety/corpus';
const HELDOUT_DIR = 'test/safety/heldout';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    heldout: { type: 'string', multiple: true },
    misses: { type: 'boolean' },
    json: { type: 'boolean' },
    flows: { type: 'string' },
    country: { type: 'string' },
    'leave-out': { type: 'string', multiple: true },
  },
  strict: true,
});

const leftOut = values['leave-out'] ?? [];
const loaded = await loadContent(values.flows ?? 'flows');
const content = leftOut.length === 0 ? loaded : { safety: withClassifierLeavingOut(loaded.registry, leftOut) };
// English items are answered as for a user in this country; other languages with their own country's lines.
const country = values.country ?? 'gb';
const tuned: EvalSet = {
  name: `tuned (${CORPUS_DIR} + ${TUNED_DIR})`,
  items: [readCorpus(CORPUS_DIR), ...readSetDir(TUNED_DIR)].flatMap((set) => set.items),
};
const heldout: EvalSet[] = [
  ...leftOut.map((file) => ({ name: `${file} (left out of training)`, items: readSetFile(file) })),
  ...(values.heldout !== undefined
    ? values.heldout.map((file) => ({ name: file, items: readSetFile(file) }))
    : readSetDir(HELDOUT_DIR)),
];

const report = (set: EvalSet, scored: readonly Scored[]): object => ({ set: set.name, ...rows(scored) });
const results = [tuned, ...heldout].map((set) => ({ set, scored: scoreSet(content.safety, set, country) }));

if (values.json === true) {
  console.log(
    JSON.stringify(
      results.map(({ set, scored }) => report(set, scored)),
      null,
      1,
    ),
  );
} else {
  for (const { set, scored } of results) {
    const { kinds, languages } = rows(scored);
    console.log(`\n${table(`== ${set.name}: ${scored.length} items, per kind`, kinds)}`);
    console.log(`\n${table(`-- per language`, languages)}`);
  }
  if (heldout.length === 0) console.log(`\nNo held-out set: put one in ${HELDOUT_DIR}/ or pass --heldout <file>.`);
}
if (values.misses === true) {
  const first = results[0];
  for (const { item, outcome } of first?.scored.filter((s) => !s.pass) ?? [])
    console.log(JSON.stringify({ kind: item.kind, lang: item.lang, text: item.text, got: outcome }));
}

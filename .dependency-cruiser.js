// The floors of Steady's code, bottom to top; imports run down, never up and never in a circle.
// 1 src/core/                                   words everyone shares; imports nothing of ours
// 2 src/flow/ safety/ rhythm/ session/ ops/     side by side, each on core only
//   understand/ picture/                        (reading typed answers, times and places; drawing charts)
// 3 src/engine/                                 the turn loop; named actions plug into its port
// 4 src/coach/ schedule/ link/                  side by side, on everything below
// 5 src/main.ts index.ts app/ cli/, adapters/   composition; adapters reach the core through src/index.ts
const FLOOR_2 = '(flow|safety|rhythm|session|ops|understand|picture)';
const FLOOR_4 = '(coach|schedule|link)';
const TOP = '^src/(main\\.ts|index\\.ts|app/|cli/)';
const PLATFORM_SDK = '^node_modules/(grammy|@grammyjs/|telegraf|discord\\.js|@discordjs/|@slack/)';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes two modules one; split out what both need.',
      from: { path: '^(src|adapters)/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core/ is the ground floor: it may import nothing of ours outside itself.',
      from: { path: '^src/core/' },
      to: { path: '^(src|adapters)/', pathNot: '^src/core/' },
    },
    {
      name: 'floor-2-on-core-only',
      severity: 'error',
      comment: 'flow, safety, rhythm, session and ops stand side by side on core: no import sideways or up.',
      from: { path: `^src/${FLOOR_2}/` },
      to: { path: '^(src|adapters)/', pathNot: ['^src/core/', '^src/$1/'] },
    },
    {
      name: 'engine-below-coach-and-schedule',
      severity: 'error',
      comment: 'The engine owns the action port; coach and schedule plug into it, so it never imports them.',
      from: { path: '^src/engine/' },
      to: { path: '^(src|adapters)/', pathNot: [`^src/(core|engine)/`, `^src/${FLOOR_2}/`] },
    },
    {
      name: 'floor-4-side-by-side',
      severity: 'error',
      comment: 'coach, schedule and link import the floors below and themselves, never each other or the top.',
      from: { path: `^src/${FLOOR_4}/` },
      to: { path: '^(src|adapters)/', pathNot: [`^src/(core|engine|$1)/`, `^src/${FLOOR_2}/`] },
    },
    {
      name: 'src-not-adapters',
      severity: 'error',
      comment: 'Only the composition (main.ts, app/) and the CLIs know an adapter.',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|app/|cli/)' },
      to: { path: '^adapters/' },
    },
    {
      name: 'adapters-through-index',
      severity: 'error',
      comment: 'src/index.ts is the public face of the core; adapters import nothing else of src/.',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
    {
      name: 'src-no-platform-sdk',
      severity: 'error',
      comment: 'The core is platform-neutral; only adapters/ import a platform SDK.',
      from: { path: '^src/' },
      to: { path: PLATFORM_SDK },
    },
    {
      name: 'top-floor-only-from-top',
      severity: 'error',
      comment: 'main, index, app and cli are the top floor: nothing below imports them.',
      from: { path: '^src/', pathNot: TOP },
      to: { path: TOP },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';
import layering from '../../.dependency-cruiser.js';

// The floors of docs/architecture.md, as .dependency-cruiser.js states them, checked on the real tree
// and on a small tree that breaks each rule once, so a rule that stopped matching would be noticed.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const config: IConfiguration = layering;

async function violations(baseDir: string, minModules = 1): Promise<string[]> {
  const { output } = await cruise(['src', 'adapters'], {
    ruleSet: { forbidden: config.forbidden ?? [] },
    validate: true,
    baseDir,
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
  });
  const result = output as ICruiseResult;
  // A resolver that found nothing would report no violation either.
  expect(result.summary.totalCruised).toBeGreaterThanOrEqual(minModules);
  return (result.summary.violations ?? []).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

const BROKEN: Record<string, string> = {
  'src/core/types.ts': "import { run } from '../engine/run.js';\nexport const t = run;\n",
  'src/engine/run.ts': "import { coach } from '../coach/act.js';\nexport const run = coach;\n",
  'src/coach/act.ts': "import { plan } from '../schedule/plan.js';\nexport const coach = plan;\n",
  'src/schedule/plan.ts': "import { alias } from '../link/alias.js';\nexport const plan = alias;\n",
  'src/link/alias.ts': 'export const alias = 1;\n',
  'src/safety/screen.ts': "import { flow } from '../flow/load.js';\nexport const screen = flow;\n",
  'src/understand/read.ts': "import { screen } from '../safety/screen.js';\nexport const read = screen;\n",
  'src/flow/load.ts': "import { main } from '../main.js';\nexport const flow = main;\n",
  'src/main.ts': "import { a } from '../adapters/a.js';\nexport const main = a;\n",
  'src/session/one.ts': "import { two } from './two.js';\nexport const one = (): number => two();\n",
  'src/session/two.ts': "import { one } from './one.js';\nexport const two = (): number => one();\n",
  'src/ops/log.ts': "import { a } from '../../adapters/a.js';\nexport const log = a;\n",
  'adapters/a.ts': "import { t } from '../src/core/types.js';\nexport const a = t;\n",
};

describe('layering', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('should find no circle and no import running up or sideways in src/ and adapters/', async () => {
    expect(await violations(ROOT, 150)).toEqual([]);
  }, 60_000);

  it('should report each kind of broken import in a tree made to break every rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steady-layering-'));
    made.push(dir);
    for (const [path, text] of Object.entries(BROKEN)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const found = await violations(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        'core-imports-only-core: src/core/types.ts -> src/engine/run.ts',
        'engine-below-coach-and-schedule: src/engine/run.ts -> src/coach/act.ts',
        'floor-4-side-by-side: src/coach/act.ts -> src/schedule/plan.ts',
        'floor-4-side-by-side: src/schedule/plan.ts -> src/link/alias.ts',
        'floor-2-on-core-only: src/safety/screen.ts -> src/flow/load.ts',
        'floor-2-on-core-only: src/understand/read.ts -> src/safety/screen.ts',
        'top-floor-only-from-top: src/flow/load.ts -> src/main.ts',
        'no-circular: src/session/one.ts -> src/session/two.ts',
        'src-not-adapters: src/ops/log.ts -> adapters/a.ts',
        'adapters-through-index: adapters/a.ts -> src/core/types.ts',
      ]),
    );
    expect(found.some((v) => v.startsWith('src-not-adapters: src/main.ts'))).toBe(false);
  }, 60_000);
});

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The core stays platform-neutral: only the composition root may wire adapters in.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const ADAPTERS = join(ROOT, 'adapters');
// The composition (main.ts, app/) and the CLIs are the top floor, the only part of src/ that knows adapters.
const isComposition = (file: string): boolean =>
  file === join(SRC, 'main.ts') || [join(SRC, 'app'), join(SRC, 'cli')].some((dir) => file.startsWith(dir + sep));
const PLATFORM_SDK = /^(grammy|@grammyjs\/|telegraf|discord\.js|@discordjs\/|@slack\/)/;

// Static imports, re-exports, dynamic import() and require(): every way a module can reach another.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1] ?? '');
}

function isInAdapters(file: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = resolve(dirname(file), specifier);
  return target === ADAPTERS || target.startsWith(ADAPTERS + sep);
}

describe('architecture', () => {
  it('should keep src/ free of adapters/ and platform SDK imports (the composition and CLIs excepted for adapters)', async () => {
    const violations: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      for (const specifier of specifiers(await readFile(file, 'utf8'))) {
        const adapterImport = !isComposition(file) && isInAdapters(file, specifier);
        if (adapterImport || PLATFORM_SDK.test(specifier))
          violations.push(`${relative(ROOT, file)} imports '${specifier}'`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('should read process.env only in src/core/config.ts', async () => {
    const files = [...(await sourceFiles(SRC)), ...(await sourceFiles(ADAPTERS))];
    const offenders = [];
    for (const file of files) {
      if (file === join(SRC, 'core', 'config.ts')) continue;
      if ((await readFile(file, 'utf8')).includes('process.env')) offenders.push(relative(ROOT, file));
    }
    expect(offenders).toEqual([]);
  });

  it('should detect the import forms it guards against', () => {
    const source = `import { a } from '../../adapters/x.js';\nexport * from "grammy";\nconst m = await import('@slack/bolt');`;
    expect(specifiers(source)).toEqual(['../../adapters/x.js', 'grammy', '@slack/bolt']);
    expect(isInAdapters(join(SRC, 'engine', 'x.ts'), '../../adapters/console/index.js')).toBe(true);
  });
});

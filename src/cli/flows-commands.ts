import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, hasCode } from '../core/errors.js';
import { toMermaidPage } from '../flow/graph.js';
import { loadContent } from '../app/content.js';
import { unroutedRequests } from '../engine/requests.js';
import { phrasingProblems } from '../engine/typed.js';

/** Where the CLI writes its lines; the shell passes the console, tests pass arrays. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const AUTHOR_ERRORS = [ErrorCode.FlowParse, ErrorCode.FlowLint, ErrorCode.Catalog, ErrorCode.MessageSyntax];

const USAGE = 'usage: flows check [dir]  |  flows graph [dir] [outDir]   (dir defaults to flows, outDir to docs/flows)';

/**
 * Runs `check [dir]` or `graph [dir] [outDir]` and returns the exit code: 0 when fine, 1 when the flows have
 * problems (each printed on its own line), 2 for a usage error.
 */
export async function runFlowCli(args: readonly string[], output: CliOutput): Promise<number> {
  const [command, dir = 'flows', outDir = 'docs/flows'] = args;
  if (command !== 'check' && command !== 'graph') {
    output.err(USAGE);
    return 2;
  }
  try {
    const { registry } = await loadContent(dir);
    if (command === 'check') {
      const phrasings = phrasingProblems(registry.flows.values());
      for (const p of phrasings) output.err(`${p.error ? 'error' : 'warning'}: ${p.where}: ${p.message}`);
      for (const r of unroutedRequests(registry))
        output.err(
          `warning: locales/en/data/requests.yaml: request '${r.id}' goes to /${r.command}, which no flow declares; until one does, Steady answers it with what it can do.`,
        );
      if (phrasings.some((p) => p.error)) return 1;
      const keys = [...registry.catalogs.values()].reduce((sum, catalog) => sum + catalog.size, 0);
      output.out(`${count(registry.flows.size, 'flow')} and ${count(keys, 'catalog message')} OK`);
      return 0;
    }
    await mkdir(outDir, { recursive: true });
    for (const flow of registry.flows.values())
      await writeFile(join(outDir, `${flow.id}.md`), toMermaidPage(flow), 'utf8');
    output.out(`wrote ${count(registry.flows.size, 'diagram')} to ${outDir}`);
    return 0;
  } catch (error) {
    // Only problems in the flows are the author's to fix; anything else is a bug and keeps its stack.
    if (!AUTHOR_ERRORS.some((code) => hasCode(error, code))) throw error;
    output.err((error as Error).message);
    return 1;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

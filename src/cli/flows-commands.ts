import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, hasCode } from '../core/errors.js';
import { toMermaidPage } from '../flow/graph.js';
import { loadFlows } from '../flow/loader.js';

/** Where the CLI writes its lines; the shell passes the console, tests pass arrays. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: flows check [dir]  |  flows graph [dir] [outDir]   (dir defaults to flows, outDir to docs/flows)';

/**
 * Runs `check [dir]` or `graph [dir] [outDir]` and returns the exit code: 0 when fine, 1 when the flows have
 * problems (each printed on its own line), 2 for a usage error.
 */
export async function runFlowCli(
  args: readonly string[],
  knownActions: ReadonlySet<string>,
  output: CliOutput,
): Promise<number> {
  const [command, dir = 'flows', outDir = 'docs/flows'] = args;
  if (command !== 'check' && command !== 'graph') {
    output.err(USAGE);
    return 2;
  }
  try {
    const registry = await loadFlows(dir, knownActions);
    if (command === 'check') {
      output.out(`${registry.flows.size} flow${registry.flows.size === 1 ? '' : 's'} OK`);
      return 0;
    }
    await mkdir(outDir, { recursive: true });
    for (const flow of registry.flows.values())
      await writeFile(join(outDir, `${flow.id}.md`), toMermaidPage(flow), 'utf8');
    output.out(`wrote ${registry.flows.size} diagram${registry.flows.size === 1 ? '' : 's'} to ${outDir}`);
    return 0;
  } catch (error) {
    // Only problems in the flows are the author's to fix; anything else is a bug and keeps its stack.
    if (!hasCode(error, ErrorCode.FlowParse) && !hasCode(error, ErrorCode.FlowLint)) throw error;
    output.err(error.message);
    return 1;
  }
}

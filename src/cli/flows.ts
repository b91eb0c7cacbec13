// `tsx src/cli/flows.ts check [dir]` / `graph [dir] [outDir]`: the thin shell around runFlowCli.
import { actionRegistry } from '../coach/index.js';
import { runFlowCli } from './flows-commands.js';

process.exitCode = await runFlowCli(process.argv.slice(2), new Set(actionRegistry.keys()), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

// `tsx src/cli/flows.ts check [dir]` / `graph [dir] [outDir]`: the thin shell around runFlowCli.
import { runFlowCli } from './flows-commands.js';

process.exitCode = await runFlowCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

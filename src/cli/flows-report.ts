// `npm run flows:report -- <scrape.txt | http://host:3000/metrics> [flowsDir]`: the journeys' funnels, as
// Markdown tables, from a Prometheus scrape of steady_flow_step_total; the thin shell around runFlowsReport.
import { runFlowsReport } from './report-command.js';

process.exitCode = await runFlowsReport(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

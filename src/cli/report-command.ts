// The flows:report command: reads a scrape (a file, or a /metrics URL) and prints the funnel tables.
import { readFile } from 'node:fs/promises';
import { loadContent } from '../app/content.js';
import { funnelTables, readStepCounts } from './funnel.js';

const USAGE = 'usage: flows:report <scrape file | http(s) URL of /metrics> [flows dir]';

/** Reads the scrape from a file or a URL. */
async function readScrape(source: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) return readFile(source, 'utf8');
  const response = await fetch(source);
  if (!response.ok) throw new Error(`${source} answered ${response.status}; is it the /metrics address?`);
  return response.text();
}

/** Prints the report for `args` and returns the exit code (2 for a usage error). */
export async function runFlowsReport(
  args: readonly string[],
  output: { out(line: string): void; err(line: string): void },
): Promise<number> {
  const [source, dir = 'flows'] = args;
  if (!source) {
    output.err(USAGE);
    return 2;
  }
  const { registry } = await loadContent(dir);
  output.out(funnelTables(readStepCounts(await readScrape(source)), registry.flows.values()));
  return 0;
}

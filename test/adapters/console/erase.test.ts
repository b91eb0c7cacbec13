import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/index.js';
import { readCatalogs } from '../../support/catalogs.js';

// /erase in the terminal: an interactive terminal is cleared, scrollback included; a pipe is said to be out of reach.
const catalogs = readCatalogs();
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

async function erased(interactive: boolean): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ input, output, interactive, catalogs });
  await adapter.start(async (event) =>
    event.kind === 'command' && event.command === 'erase'
      ? { status: 'ok', replies: [{ kind: 'info', text: 'done' }], erase: true }
      : { status: 'ok', replies: [{ kind: 'info', text: 'hello' }] },
  );
  input.end('/erase\n');
  await adapter.closed;
  return written;
}

describe('console: /erase', () => {
  it('should clear an interactive terminal, then say what stays', async () => {
    const written = await erased(true);
    expect(written).toContain(`done\n\n${CLEAR}I cleared this terminal window`);
  });

  it('should clear nothing when the output is a pipe, and say so', async () => {
    const written = await erased(false);
    expect(written).not.toContain(CLEAR);
    expect(written).toContain('My messages went to a pipe or a file, which I cannot change');
  });
});

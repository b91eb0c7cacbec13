import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  bindTexts,
  systemClock,
  type Adapter,
  type Catalogs,
  type Clock,
  type Reply,
  type SendRate,
  type TurnHandler,
} from '../../src/index.js';
import { renderReplies } from './render.js';
import { CONSOLE_MESSAGES } from './texts.js';
import { toInbound } from './to-inbound.js';

// A terminal publishes no limit; a gentle one keeps a burst of scheduled messages readable.
const SEND_RATE: SendRate = { max: 10, durationMs: 1000 };

/** Options of {@link createConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** A person at a terminal: show a `> ` prompt and treat Ctrl-C as end of input. */
  interactive: boolean;
  /** Called when a turn throws; without it the error rejects `closed`. */
  onError?: (error: unknown) => void;
  clock?: Clock;
  /** The catalogs the adapter's own words are bound from. */
  catalogs: Catalogs;
}

/** The terminal chat; `closed` settles once input has ended and the last turn is answered. */
export interface ConsoleAdapter extends Adapter {
  readonly closed: Promise<void>;
}

/** Creates the terminal chat adapter: one line in, one turn, strictly in order. */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const { input, output, interactive } = options;
  const clock = options.clock ?? systemClock;
  const texts = bindTexts(CONSOLE_MESSAGES, options.catalogs);
  const render = (replies: readonly Reply[]): string => renderReplies(replies, texts);
  // Event ids must differ between runs: a durable store remembers the ids it has seen.
  const run = randomUUID().slice(0, 8);
  let seq = 0;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const closed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Both are bound to the readline interface, which start() creates: constructing the adapter does not grab stdin.
  let prompt = (): void => {};
  let stopReading = (): void => {};

  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => output.write(text, (error) => (error ? reject(error) : resolve())));

  async function turn(handle: TurnHandler, line: string): Promise<void> {
    const event = toInbound(line, seq++, clock.now(), run);
    if (event === undefined) return;
    try {
      const outcome = await handle(event);
      // A blank line after each turn's answer keeps turns apart in a scrolled transcript.
      if (outcome.replies.length > 0) await write(`${render(outcome.replies)}\n\n`);
      if (outcome.status === 'ok') await outcome.receipt?.sent(outcome.replies.length);
      if (outcome.status === 'ok' && outcome.erase === true) await erase();
    } catch (error) {
      if (options.onError === undefined) throw error;
      options.onError(error);
    }
  }

  // A terminal can be cleared (ESC[3J drops the scrollback where the terminal supports it); a pipe cannot.
  async function erase(): Promise<void> {
    if (interactive) await write('\x1b[2J\x1b[3J\x1b[H');
    await write(`${texts.text(interactive ? 'eraseCleared' : 'eraseNotPossible')}\n\n`);
  }

  async function readLines(handle: TurnHandler): Promise<void> {
    const rl = createInterface({ input, output: interactive ? output : undefined, prompt: '> ', crlfDelay: Infinity });
    // Taken at once so lines typed during the first turn are queued, not dropped.
    const lines = rl[Symbol.asyncIterator]();
    prompt = () => rl.prompt(true);
    // Raw-mode terminals deliver Ctrl-C to readline, not as a signal: end input, finish the turn.
    if (interactive) rl.on('SIGINT', () => rl.close());
    stopReading = () => rl.close();
    try {
      await turn(handle, '/start');
      for (;;) {
        if (interactive && !stopping) prompt();
        const next = await lines.next();
        if (next.done || stopping) break;
        await turn(handle, next.value);
      }
    } finally {
      rl.close();
    }
  }

  return {
    platform: 'console',
    sendRate: SEND_RATE,
    closed,
    async start(handle) {
      if (loop !== undefined) return;
      loop = readLines(handle);
      loop.then(
        () => settle?.resolve(),
        (error: unknown) => settle?.reject(error),
      );
    },
    async stop() {
      stopping = true;
      stopReading();
      await loop?.catch(() => undefined);
      settle?.resolve();
    },
    // A terminal is never blocked or rate limited.
    async send(_address: string, replies: Reply[]) {
      if (replies.length === 0) return { status: 'sent' };
      await write(`${interactive ? '\n' : ''}${render(replies)}\n\n`);
      if (interactive && !stopping) prompt();
      return { status: 'sent' };
    },
  };
}

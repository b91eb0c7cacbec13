import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/index.js';
import type { InboundEvent, TurnOutcome } from '../../../src/core/types.js';
import { readCatalogs } from '../../support/catalogs.js';

const catalogs = readCatalogs();

function setup(interactive = false) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ input, output, interactive, clock: { now: () => 42 }, catalogs });
  return { input, adapter, written: () => written };
}

const say = (text: string): TurnOutcome => ({ status: 'ok', replies: [{ text, kind: 'info' }] });
const describeEvent = (event: InboundEvent): string =>
  event.kind === 'command' ? `/${event.command}` : event.kind === 'text' ? event.text : event.kind;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createConsoleAdapter', () => {
  it('should send /start first, then each line strictly in order, and close at end of input', async () => {
    const { input, adapter, written } = setup();
    const log: string[] = [];
    let active = 0;
    await adapter.start(async (event) => {
      active += 1;
      expect(active).toBe(1); // never two turns at once
      log.push(`begin ${describeEvent(event)}`);
      await sleep(describeEvent(event) === 'one' ? 30 : 1); // the slow first turn must not be overtaken
      log.push(`end ${describeEvent(event)}`);
      active -= 1;
      return say(`re: ${describeEvent(event)}`);
    });
    input.end('one\n\ntwo\n/Help me\n');
    await adapter.closed;
    expect(log).toEqual([
      'begin /start',
      'end /start',
      'begin one',
      'end one',
      'begin two',
      'end two',
      'begin /help',
      'end /help',
    ]);
    expect(written()).toBe('re: /start\n\nre: one\n\nre: two\n\nre: /help\n\n');
  });

  it('should give events console ids, the local user and the terminal address', async () => {
    const { input, adapter } = setup();
    const events: InboundEvent[] = [];
    await adapter.start(async (event) => (events.push(event), say('ok')));
    input.end('hello\n');
    await adapter.closed;
    expect(events.map((e) => e.id)).toEqual([
      expect.stringMatching(/^console:\w+:0$/),
      expect.stringMatching(/^console:\w+:1$/),
    ]);
    expect(events[1]).toMatchObject({
      platform: 'console',
      userId: 'local',
      address: 'terminal',
      at: 42,
      kind: 'text',
    });
  });

  it('should finish the in-flight turn when stopped', async () => {
    const { input, adapter, written } = setup();
    let release = (): void => {};
    await adapter.start(async (event) => {
      if (event.kind === 'text') await new Promise<void>((resolve) => (release = resolve));
      return say(describeEvent(event));
    });
    input.write('slow\n');
    await sleep(10);
    const stopped = adapter.stop();
    release();
    await stopped;
    await adapter.closed;
    expect(written()).toBe('/start\n\nslow\n\n');
  });

  it('should show a prompt only when interactive', async () => {
    const piped = setup(false);
    await piped.adapter.start(async () => say('hi'));
    piped.input.end();
    await piped.adapter.closed;
    expect(piped.written()).not.toContain('> ');

    const tty = setup(true);
    await tty.adapter.start(async () => say('hi'));
    await sleep(10);
    tty.input.end();
    await tty.adapter.closed;
    expect(tty.written()).toContain('hi\n\n> ');
  });

  it('should write replies sent outside a turn', async () => {
    const { adapter, written } = setup();
    expect(
      await adapter.send('terminal', [{ text: 'Reminder', kind: 'info', choices: [{ id: 'x', label: 'Ok' }] }]),
    ).toEqual({ status: 'sent' });
    expect(written()).toBe('Reminder\n  1) Ok\n\n');
  });

  it('should reject closed when a turn throws and no onError is given', async () => {
    const { input, adapter } = setup();
    await adapter.start(async () => {
      throw new Error('boom');
    });
    input.end();
    await expect(adapter.closed).rejects.toThrow('boom');
  });
});

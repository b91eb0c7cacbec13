import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, output: () => lines.join('') };
}

describe('createLogger', () => {
  it('should redact text, userId, secret and token at any depth it is given', () => {
    const { stream, output } = capture();
    const logger = createLogger({ LOG_LEVEL: 'info' }, stream);
    logger.info(
      {
        text: 'I feel awful',
        event: { userId: '12345', text: 'hi' },
        a: { b: { token: 'xoxb-1', c: { secret: 's3' } } },
      },
      'turn',
    );
    const written = output();
    for (const value of ['I feel awful', '12345', 'xoxb-1', 's3', '"hi"']) expect(written).not.toContain(value);
    expect(written).toContain('[redacted]');
    expect(written).toContain('"msg":"turn"');
  });

  it('should respect the configured level', () => {
    const { stream, output } = capture();
    const logger = createLogger({ LOG_LEVEL: 'warn' }, stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(output()).not.toContain('hidden');
    expect(output()).toContain('shown');
  });
});

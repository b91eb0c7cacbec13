import { HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { NETWORK_RETRIES, networkRetry } from '../../../adapters/telegram/network-retry.js';

// The bounds of network retries: a read is tried again a few times and each try is logged; a send only when
// the connection was never made, so a message whose answer was lost is not shown twice.

const refused = (): HttpError =>
  new HttpError('Network request failed', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
const reset = (): HttpError =>
  new HttpError('Network request failed', Object.assign(new Error('reset'), { code: 'ECONNRESET' }));

function run(
  method: string,
  failure: () => HttpError,
): { tries: () => number; logged: string[]; call: Promise<unknown> } {
  let tries = 0;
  const logged: string[] = [];
  const warn = (_fields: unknown, message?: string): void => void logged.push(message ?? '');
  const logger = { warn } as unknown as Parameters<typeof networkRetry>[0];
  const prev = (async () => {
    tries += 1;
    throw failure();
  }) as unknown as Parameters<ReturnType<typeof networkRetry>>[0];
  const call = networkRetry(logger)(prev, method as 'getMe', {} as never, undefined);
  return { tries: () => tries, logged, call };
}

describe('networkRetry', () => {
  it('should try a read a bounded number of times, logging each retry', async () => {
    const attempt = run('getMe', reset);
    await expect(attempt.call).rejects.toBeInstanceOf(HttpError);
    expect(attempt.tries()).toBe(1 + NETWORK_RETRIES);
    expect(attempt.logged.filter((m) => m.includes('retrying'))).toHaveLength(NETWORK_RETRIES);
  });

  it('should not repeat a send that may have reached Telegram', async () => {
    const attempt = run('sendMessage', reset);
    await expect(attempt.call).rejects.toBeInstanceOf(HttpError);
    expect(attempt.tries()).toBe(1);
    expect(attempt.logged).toEqual(['telegram send failed on the network; not repeated']);
  });

  it('should repeat a send whose connection was refused, within the bound', async () => {
    const attempt = run('sendMessage', refused);
    await expect(attempt.call).rejects.toBeInstanceOf(HttpError);
    expect(attempt.tries()).toBe(1 + NETWORK_RETRIES);
  });
});

import { describe, expect, it } from 'vitest';
import {
  clientRoundTrips,
  delta,
  insideOneCall,
  parseCommandStats,
  roundTrips,
} from '../../bench/support/commandstats.js';
import { quantile, round, summarize } from '../../bench/support/stats.js';
import { combine, type TimedRun } from '../../bench/support/timed.js';

// What `INFO commandstats` prints on Redis 7.0, trimmed to a few commands.
const INFO_BEFORE = [
  '# Commandstats',
  'cmdstat_info:calls=3,usec=120,usec_per_call=40.00,rejected_calls=0,failed_calls=0',
  'cmdstat_hmget:calls=5,usec=50,usec_per_call=10.00,rejected_calls=0,failed_calls=0',
  'cmdstat_evalsha:calls=5,usec=500,usec_per_call=100.00,rejected_calls=0,failed_calls=0',
  'cmdstat_hset:calls=5,usec=20,usec_per_call=4.00,rejected_calls=0,failed_calls=0',
  'cmdstat_client|setname:calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
  '',
].join('\r\n');
const INFO_AFTER = [
  '# Commandstats',
  'cmdstat_info:calls=5,usec=200,usec_per_call=40.00,rejected_calls=0,failed_calls=0',
  'cmdstat_hmget:calls=15,usec=150,usec_per_call=10.00,rejected_calls=0,failed_calls=0',
  'cmdstat_evalsha:calls=15,usec=1500,usec_per_call=100.00,rejected_calls=0,failed_calls=0',
  'cmdstat_hset:calls=15,usec=60,usec_per_call=4.00,rejected_calls=0,failed_calls=0',
  'cmdstat_expire:calls=10,usec=10,usec_per_call=1.00,rejected_calls=0,failed_calls=0',
  'cmdstat_client|setname:calls=1,usec=2,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
  '',
].join('\r\n');

describe('quantile', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);

  it('should pick the nearest rank', () => {
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile(sorted, 0)).toBe(1);
  });

  it('should give 0 for no values', () => {
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('summarize', () => {
  it('should sort, count and round', () => {
    expect(summarize([3, 1, 2, 10, 4.12345])).toEqual({ count: 5, p50: 3, p99: 10, max: 10, mean: 4.025 });
  });

  it("should not reorder the caller's array", () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('should give zeros for no values', () => {
    expect(summarize([])).toEqual({ count: 0, p50: 0, p99: 0, max: 0, mean: 0 });
  });
});

describe('round', () => {
  it('should round to the given decimals', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.23456, 1)).toBe(1.2);
  });
});

describe('commandstats', () => {
  const before = parseCommandStats(INFO_BEFORE);
  const after = parseCommandStats(INFO_AFTER);

  it('should read calls per command, subcommands included', () => {
    expect(before.get('hmget')).toBe(5);
    expect(before.get('client|setname')).toBe(1);
    expect(after.get('expire')).toBe(10);
  });

  it('should leave out the INFO reading and unchanged commands from a delta', () => {
    expect(delta(before, after)).toEqual(
      new Map([
        ['hmget', 10],
        ['evalsha', 10],
        ['hset', 10],
        ['expire', 10],
      ]),
    );
  });

  it('should count round trips without the commands named as run inside scripts', () => {
    expect(roundTrips(before, after, new Set(['hset', 'expire']))).toBe(20);
  });

  it('should count a command beyond what the script calls explain as sent by a client', () => {
    // 10 script calls, each running HGET and HSET inside; 2 more HGETs were sent directly.
    const commands = new Map([
      ['evalsha', 8],
      ['eval', 2],
      ['hmget', 10],
      ['hget', 12],
      ['hset', 10],
    ]);
    const perCall = new Map([
      ['hget', 1],
      ['hset', 1],
    ]);
    const counted = clientRoundTrips(commands, perCall);
    expect(counted).toEqual({
      roundTrips: 22,
      scriptCalls: 10,
      direct: new Map([
        ['hmget', 10],
        ['hget', 2],
      ]),
    });
  });

  it('should calibrate a script call as its delta without the EVALSHA or EVAL', () => {
    // The first call of a script ioredis has not sent on this server: EVALSHA fails with NOSCRIPT, then EVAL.
    const one = new Map([
      ['evalsha', 1],
      ['eval', 1],
      ['hget', 1],
      ['hset', 1],
      ['expire', 1],
    ]);
    expect(insideOneCall(one)).toEqual(
      new Map([
        ['hget', 1],
        ['hset', 1],
        ['expire', 1],
      ]),
    );
  });
});

describe('combine', () => {
  it('should add turns, time and commands and keep every latency', () => {
    const a: TimedRun = {
      turns: 2,
      failed: 0,
      seconds: 1,
      cpuSeconds: 0.5,
      latenciesMs: [1, 2],
      commands: new Map([['hmget', 2]]),
    };
    const b: TimedRun = {
      turns: 1,
      failed: 1,
      seconds: 2,
      cpuSeconds: 1,
      latenciesMs: [3, 4],
      commands: new Map([
        ['hmget', 2],
        ['evalsha', 1],
      ]),
    };
    expect(combine([a, b])).toEqual({
      turns: 3,
      failed: 1,
      seconds: 3,
      cpuSeconds: 1.5,
      latenciesMs: [1, 2, 3, 4],
      commands: new Map([
        ['hmget', 4],
        ['evalsha', 1],
      ]),
    });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../../adapters/http/server.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { createReadiness, redisProbe } from '../../../src/ops/readiness.js';
import { connectRedis, waitForRedis } from '../../../src/session/redis-store.js';
import type { RedisClient } from '../../../src/session/redis-target.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { parseExposition, valueOf } from '../../ops/exposition.js';

const silent = { error: () => undefined };
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function listening(options: HttpServerOptions): Promise<string> {
  server = createHttpServer(silent, options);
  const port = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

const statusOf = async (url: string): Promise<number> => (await fetch(url)).status;

describe('GET /readyz', () => {
  it('should be 503 until the adapters have started, 200 then, and 503 again once shutdown begins', async () => {
    const readiness = createReadiness();
    const url = await listening({ ready: () => readiness.check() });
    expect(await statusOf(`${url}/readyz`)).toBe(503);
    expect(await statusOf(`${url}/healthz`)).toBe(200); // alive all along
    readiness.markStarted();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
    readiness.markStopping();
    expect(await statusOf(`${url}/readyz`)).toBe(503);
    expect(await statusOf(`${url}/healthz`)).toBe(200);
  });

  it('should be 503 on a server that was given no readiness', async () => {
    const url = await listening({});
    expect(await statusOf(`${url}/readyz`)).toBe(503);
  });
});

describe('GET /readyz with Redis', () => {
  let redisServer: RedisServerHandle;
  let client: RedisClient;

  // A server of its own: this test hangs and kills it, which would break every other test on the shared one.
  beforeAll(async () => {
    redisServer = await startRedisServer();
    client = connectRedis(redisServer.url, { commandTimeoutMs: 5000, maxBackoffMs: 100, onError: () => undefined });
    await waitForRedis(client, 5000);
  });
  afterAll(async () => {
    client?.disconnect();
    await redisServer?.stop();
  });

  it('should go 503 while Redis hangs or is down, and 200 once it answers again', async () => {
    const readiness = createReadiness(redisProbe(client, 300));
    readiness.markStarted();
    const url = await listening({ ready: () => readiness.check() });
    expect(await statusOf(`${url}/readyz`)).toBe(200);

    redisServer.pause(); // connected but silent: only the probe's own timeout notices
    const started = Date.now();
    expect(await statusOf(`${url}/readyz`)).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000); // well under the client's 5 s command timeout
    redisServer.resume();
    await expect.poll(() => statusOf(`${url}/readyz`), { timeout: 5000 }).toBe(200);

    await redisServer.kill();
    await expect.poll(() => statusOf(`${url}/readyz`), { timeout: 5000 }).toBe(503);
    await redisServer.restart();
    await expect.poll(() => statusOf(`${url}/readyz`), { timeout: 10_000 }).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('should serve the app registry in the Prometheus text format', async () => {
    const metrics = createMetrics();
    metrics.turn('telegram', 'ok', 0.02);
    const url = await listening({ metrics });
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.contentType);
    const samples = parseExposition(await response.text());
    expect(valueOf(samples, 'steady_turns_total', { platform: 'telegram', outcome: 'ok' })).toBe(1);
  });

  it('should not exist on a server given no metrics', async () => {
    const url = await listening({});
    expect(await statusOf(`${url}/metrics`)).toBe(404);
  });
});

import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import { systemClock } from '../../src/core/types.js';
import { createQueueSender } from '../../src/schedule/queue-sender.js';
import { createRedisDueIndex } from '../../src/schedule/redis-due-index.js';
import type { PlatformSend } from '../../src/schedule/sender.js';
import { createStoreFromConfig, type StoreSetup } from '../../src/app/store.js';
import { openRedis, redisTargetOf } from '../../src/session/redis-target.js';
import type { UserKey } from '../../src/session/store.js';
import { capturedLogger, createTestEngine, eventFrom, testSecret } from '../support/engine.js';
import { COUNTER_FLOW, count, programOf, say } from '../support/program.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { startCluster, startSentinel, type ClusterHandle, type SentinelHandle } from '../support/redis-topologies.js';

const secret = testSecret();
const logger = capturedLogger().logger as Parameters<typeof createStoreFromConfig>[2];

function configOf(env: Record<string, string>): Config {
  return loadConfig({ STEADY_SECRET: secret, ...env });
}

describe('Redis deployments from config', () => {
  it('should build a Sentinel client that asks the named Sentinels for the primary', () => {
    const target = redisTargetOf(
      configOf({
        REDIS_SENTINELS: 'sentinel-a:26379, sentinel-b:26380',
        REDIS_SENTINEL_MASTER: 'steady-primary',
        REDIS_PASSWORD: 'pw',
        REDIS_TLS: 'on',
      }),
    );
    expect(target).toEqual({
      kind: 'sentinel',
      master: 'steady-primary',
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: 'sentinel-b', port: 26380 },
      ],
      access: { password: 'pw', tls: true },
    });
    const client = openRedis(target!, { lazyConnect: true });
    expect(client).toBeInstanceOf(Redis);
    expect((client as Redis).options).toMatchObject({
      name: 'steady-primary',
      password: 'pw',
      sentinelPassword: 'pw',
      enableTLSForSentinelMode: true,
      tls: {},
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: 'sentinel-b', port: 26380 },
      ],
    });
    client.disconnect();
  });

  it('should build a Cluster client whose node connections carry the credentials and timeouts', () => {
    const target = redisTargetOf(
      configOf({ REDIS_CLUSTER_NODES: 'node-1:7000,node-2:7001', REDIS_USERNAME: 'steady', REDIS_PASSWORD: 'pw' }),
    );
    expect(target).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'node-1', port: 7000 },
        { host: 'node-2', port: 7001 },
      ],
      access: { username: 'steady', password: 'pw', tls: false },
    });
    const client = openRedis(target!, {
      lazyConnect: true,
      commandTimeout: 1500,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    });
    expect(client).toBeInstanceOf(Cluster);
    const cluster = client as Cluster;
    expect(cluster.options.redisOptions).toMatchObject({ username: 'steady', password: 'pw', commandTimeout: 1500 });
    expect(cluster.options.enableOfflineQueue).toBe(false);
    expect(cluster.options.clusterRetryStrategy?.(3)).toBe(50);
    client.disconnect();
  });

  it('should refuse two deployments at once, and a Sentinel list without the primary name', () => {
    expect(() => configOf({ REDIS_URL: 'redis://localhost:6379', REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(
      /REDIS_CLUSTER_NODES: expected only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES/,
    );
    expect(() => configOf({ REDIS_SENTINELS: 'a:26379' })).toThrow(
      /REDIS_SENTINEL_MASTER: expected the primary's name/,
    );
    expect(() => configOf({ REDIS_CLUSTER_NODES: 'a:7000,b' })).toThrow(
      /REDIS_CLUSTER_NODES: expected comma-separated host:port pairs/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(
      /STEADY_SECRET: expected .* required when REDIS_CLUSTER_NODES is set/,
    );
    expect(() => configOf({ REDIS_TLS: 'yes' })).toThrow(/REDIS_TLS: expected on/);
  });
});

describe('Steady on a real three-node Redis Cluster', () => {
  let cluster: ClusterHandle;
  let setup: StoreSetup;

  beforeAll(async () => {
    cluster = await startCluster(3);
    setup = await createStoreFromConfig(
      configOf({ REDIS_CLUSTER_NODES: cluster.ports.map((port) => `127.0.0.1:${port}`).join(',') }),
      systemClock,
      logger,
    );
  }, 60_000);
  afterAll(async () => {
    await setup?.store.close();
    await cluster?.stop();
  });

  it('should run turns for users spread over every node, each user keeping to one slot', async () => {
    const engine = createTestEngine(programOf(COUNTER_FLOW), { store: setup.store, clock: systemClock, secret });
    for (let i = 0; i < 30; i += 1) {
      await engine.handle(eventFrom(`user-${i}`, count));
      const outcome = await engine.handle(eventFrom(`user-${i}`, say('again')));
      expect(outcome).toMatchObject({ status: 'ok', replies: [{ text: 'n=2' }] });
    }
    const sizes = await Promise.all(cluster.nodes.map((node) => node.dbsize()));
    expect(sizes.every((size) => size > 0)).toBe(true);
    await engine.handle(eventFrom('user-0', { kind: 'command', command: 'forget', args: '' }));
  });

  it('should plan, claim and complete due users with the Lua scripts of the due index', async () => {
    const index = createRedisDueIndex({ redis: setup.redis!.client, prefix: 'cluster-test' });
    const now = Date.now();
    for (let i = 0; i < 20; i += 1) await index.plan(`member-${i}`, now - i);
    const claims = await index.claim(now, 50, 60_000);
    expect(claims).toHaveLength(20);
    for (const claim of claims) expect(await index.complete(claim, null)).toBe(true);
    expect(await index.size()).toBe(0);
  });

  it('should send a queued delivery through BullMQ on the Cluster', async () => {
    const sent: string[] = [];
    const send: PlatformSend = async (address) => {
      sent.push(address);
      return { status: 'sent' };
    };
    const { crypto, target } = setup.redis!;
    const sender = createQueueSender({
      redis: target,
      crypto,
      logger,
      platforms: [{ platform: 'test', send, sendRate: { max: 100, durationMs: 1000 } }],
    });
    try {
      await sender.start(async () => undefined);
      await sender.enqueue({
        id: 'day.2026-11-22',
        user: 'u-cluster' as UserKey,
        platform: 'test',
        address: 'chat-1',
        replies: [{ kind: 'question', text: 'hi' }],
      });
      await waitFor(() => sent.length === 1);
      expect(sent).toEqual(['chat-1']);
    } finally {
      await sender.stop();
    }
  });
});

describe('Steady through a real Sentinel', () => {
  let primary: RedisServerHandle;
  let sentinel: SentinelHandle;

  beforeAll(async () => {
    primary = await startRedisServer();
    sentinel = await startSentinel(primary.port, 'steady-primary');
  }, 30_000);
  afterAll(async () => {
    await sentinel?.stop();
    await primary?.stop();
  });

  it("should find the primary through the Sentinel and keep the user's state there", async () => {
    const setup = await createStoreFromConfig(
      configOf({ REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_MASTER: 'steady-primary' }),
      systemClock,
      logger,
    );
    const direct = new Redis(primary.url);
    try {
      const engine = createTestEngine(programOf(COUNTER_FLOW), { store: setup.store, clock: systemClock, secret });
      await engine.handle(eventFrom('sentinel-user', count));
      expect(await engine.handle(eventFrom('sentinel-user', say('again')))).toMatchObject({
        status: 'ok',
        replies: [{ text: 'n=2' }],
      });
      expect(await direct.keys('steady:{u:*}:state')).toHaveLength(1);
    } finally {
      await setup.store.close();
      await direct.quit();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisProcess, type RedisProcess } from './redis-server.js';

/** A throwaway Redis Cluster of real redis-server processes on loopback. */
export interface ClusterHandle {
  ports: number[];
  /** One plain client per node, to look at what landed where. */
  nodes: Redis[];
  stop(): Promise<void>;
}

const SLOTS = 16_384;
const READY_TIMEOUT_MS = 15_000;

/** Starts `size` cluster-enabled servers, splits the slots between them and waits for `cluster_state:ok`. */
export async function startCluster(size = 3): Promise<ClusterHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'steady-cluster-'));
  const processes: RedisProcess[] = [];
  const nodes: Redis[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.quit().catch(() => node.disconnect())));
    await Promise.all(processes.map((process) => process.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < size; i += 1) {
      processes.push(
        await startRedisProcess([
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${i}.conf`,
          '--cluster-node-timeout',
          '2000',
        ]),
      );
    }
    for (const { port } of processes) nodes.push(new Redis(port, '127.0.0.1', { lazyConnect: false }));
    await assignSlots(nodes);
    for (const node of nodes.slice(1)) await nodes[0]?.call('CLUSTER', 'MEET', '127.0.0.1', String(node.options.port));
    await waitUntilOk(nodes);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports: processes.map((p) => p.port), nodes, stop };
}

async function assignSlots(nodes: readonly Redis[]): Promise<void> {
  const share = Math.ceil(SLOTS / nodes.length);
  await Promise.all(
    nodes.map((node, i) =>
      node.call('CLUSTER', 'ADDSLOTSRANGE', String(i * share), String(Math.min(SLOTS, (i + 1) * share) - 1)),
    ),
  );
}

async function waitUntilOk(nodes: readonly Redis[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const states = await Promise.all(nodes.map(async (node) => String(await node.call('CLUSTER', 'INFO'))));
    const known = await Promise.all(
      nodes.map(
        async (node) =>
          String(await node.call('CLUSTER', 'NODES'))
            .trim()
            .split('\n').length,
      ),
    );
    if (states.every((info) => info.includes('cluster_state:ok')) && known.every((count) => count === nodes.length))
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the test cluster did not reach cluster_state:ok within ${READY_TIMEOUT_MS} ms`);
}

/** A throwaway Sentinel watching the primary at `primaryPort` under `master`. */
export interface SentinelHandle {
  port: number;
  stop(): Promise<void>;
}

/** Starts one Sentinel (quorum 1) that knows the primary on loopback `primaryPort` as `master`. */
export async function startSentinel(primaryPort: number, master: string): Promise<SentinelHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'steady-sentinel-'));
  // Sentinel rewrites its config file as it learns, so the file must be its own and writable.
  const file = join(dir, 'sentinel.conf');
  writeFileSync(file, `bind 127.0.0.1\ndir ${dir}\nsentinel monitor ${master} 127.0.0.1 ${primaryPort} 1\n`);
  const sentinel = await startRedisProcess([file, '--sentinel']);
  return {
    port: sentinel.port,
    async stop() {
      await sentinel.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

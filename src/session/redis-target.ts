import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../core/config.js';

/** A client for any Redis deployment Steady supports; both kinds run the same commands and Lua scripts. */
export type RedisClient = Redis | Cluster;

/** One `host:port` of a Sentinel or Cluster node. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS shared by every node of a Sentinel or Cluster deployment. */
export interface RedisAccess {
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Where Redis is: one node by URL, a primary found through Sentinels, or a Cluster. Every key of a user
 * (and every key of the due index and of each send queue) shares one hash tag, so each Lua script
 * touches a single slot and runs unchanged on a Cluster.
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; master: string; access: RedisAccess }
  | { kind: 'cluster'; nodes: RedisNode[]; access: RedisAccess };

/** The Redis settings of a validated Config. */
export type RedisSettings = Pick<
  Config,
  | 'REDIS_URL'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_MASTER'
  | 'REDIS_CLUSTER_NODES'
  | 'REDIS_USERNAME'
  | 'REDIS_PASSWORD'
  | 'REDIS_TLS'
>;

/** The deployment the settings name, or undefined when none is set (sessions then live in memory). */
export function redisTargetOf(settings: RedisSettings): RedisTarget | undefined {
  const access: RedisAccess = {
    ...(settings.REDIS_USERNAME !== undefined ? { username: settings.REDIS_USERNAME } : {}),
    ...(settings.REDIS_PASSWORD !== undefined ? { password: settings.REDIS_PASSWORD } : {}),
    tls: settings.REDIS_TLS === 'on',
  };
  if (settings.REDIS_URL !== undefined) return { kind: 'single', url: settings.REDIS_URL };
  if (settings.REDIS_SENTINELS !== undefined && settings.REDIS_SENTINEL_MASTER !== undefined) {
    return { kind: 'sentinel', sentinels: settings.REDIS_SENTINELS, master: settings.REDIS_SENTINEL_MASTER, access };
  }
  if (settings.REDIS_CLUSTER_NODES !== undefined)
    return { kind: 'cluster', nodes: settings.REDIS_CLUSTER_NODES, access };
  return undefined;
}

/** `target` itself, or the single node a URL names. */
export function asTarget(target: RedisTarget | string): RedisTarget {
  return typeof target === 'string' ? { kind: 'single', url: target } : target;
}

/** Names the deployment for logs and error messages, without credentials. */
export function describeTarget(target: RedisTarget): string {
  switch (target.kind) {
    case 'single':
      return `the Redis at REDIS_URL (${new URL(target.url).host})`;
    case 'sentinel':
      return `the primary '${target.master}' through Sentinels ${nodeList(target.sentinels)}`;
    case 'cluster':
      return `the Redis Cluster at ${nodeList(target.nodes)}`;
  }
}

/**
 * Opens a client for `target` with per-connection `options` (timeouts, retries, offline queue). On a
 * Cluster they apply to each node connection, and the offline-queue choice to the cluster client too.
 */
export function openRedis(target: RedisTarget, options: RedisOptions): RedisClient {
  switch (target.kind) {
    case 'single':
      return new Redis(target.url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        ...credentials(target.access),
        sentinels: target.sentinels,
        name: target.master,
        // Sentinels usually share the data nodes' password; a separate one would need its own setting.
        ...(target.access.password !== undefined ? { sentinelPassword: target.access.password } : {}),
        ...(target.access.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      });
    case 'cluster':
      return new Cluster(target.nodes, clusterOptions(target.access, options));
  }
}

function clusterOptions(access: RedisAccess, options: RedisOptions): ClusterOptions {
  const { retryStrategy, enableOfflineQueue, ...perNode } = options;
  return {
    redisOptions: { ...perNode, ...credentials(access) },
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    // The cluster client reconnects by its own strategy; each node's is ignored by ioredis.
    ...(retryStrategy !== undefined ? { clusterRetryStrategy: retryStrategy } : {}),
  };
}

function credentials(access: RedisAccess): RedisOptions {
  return {
    ...(access.username !== undefined ? { username: access.username } : {}),
    ...(access.password !== undefined ? { password: access.password } : {}),
    ...(access.tls ? { tls: {} } : {}),
  };
}

function nodeList(nodes: readonly RedisNode[]): string {
  return nodes.map((node) => `${node.host}:${node.port}`).join(', ');
}

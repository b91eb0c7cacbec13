// Type-only import so the augmentation below can resolve 'vitest'; erased at runtime.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server.js';
import type { RedisServerHandle } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the redis-server shared by the whole test run; use a unique key prefix per test. */
    redisUrl: string;
  }
}

let server: RedisServerHandle | undefined;

/** Starts one redis-server for the run and hands its URL to tests as `inject('redisUrl')`. */
export async function setup(project: TestProject): Promise<void> {
  server = await startRedisServer();
  project.provide('redisUrl', server.url);
}

/** Stops the shared redis-server and removes its data directory. */
export async function teardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}

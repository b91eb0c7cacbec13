import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer } from './redis-server.js';

describe('startRedisServer', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('should fail with install instructions, never skip, when redis-server is missing', async () => {
    process.env.PATH = '/nonexistent';
    await expect(startRedisServer()).rejects.toThrow(/apt-get install -y redis-server/);
  });
});

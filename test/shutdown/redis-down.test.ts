import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { appSecret, startApp, type AppProcess } from '../support/app-process.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

// SIGTERM while Redis is down (real entry point, fake Bot API, a Redis of its own that is killed): the process
// does not wait out the whole deadline for a Redis that is not there, and says what it could not finish.

const TOKEN = '474747:redis-down';
let fake: FakeTelegram | undefined;
let app: AppProcess | undefined;
let redis: RedisServerHandle | undefined;

afterEach(async () => {
  await app?.stop(2000);
  await fake?.close();
  await redis?.stop();
  [app, fake, redis] = [undefined, undefined, undefined];
});

describe('shutdown with Redis down', () => {
  it('should exit within a few seconds and say what it dropped', async () => {
    redis = await startRedisServer();
    fake = await startFakeTelegram(TOKEN);
    app = await startApp({
      env: {
        REDIS_URL: redis.url,
        STEADY_SECRET: appSecret(),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        SHUTDOWN_DEADLINE_SECONDS: '25',
      },
    });
    await redis.kill();
    await app.waitForLog(/connection lost/, 5000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // several reconnect attempts fail meanwhile
    const asked = Date.now();
    const code = await app.stop(30_000);
    const took = Date.now() - asked;
    const lines = app.stderr().split('\n');
    expect(took).toBeLessThan(6000);
    expect(code).toBe(0);
    const stopped = lines.find((line) => line.includes('steady stopped'));
    expect(stopped).toBeDefined();
    expect(lines.some((line) => line.includes('sends in hand dropped'))).toBe(true);
    // The outage is logged once, without a stack, however many times the connection failed meanwhile.
    expect(lines.filter((line) => line.includes('"stack"'))).toEqual([]);
    expect(lines.filter((line) => /"connection":"redis".*connection lost/.test(line))).toHaveLength(1);
    // The scheduler's rounds fail every second meanwhile; that is the same outage, not an error a second.
    expect(lines.filter((line) => line.includes('due worker round failed'))).toEqual([]);
  });
});

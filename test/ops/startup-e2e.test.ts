import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { appSecret, freePort, spawnApp, type AppProcess } from '../support/app-process.js';

// Start-up through the real entry point tells the truth: bad settings stop it with one clear line, an
// unreachable platform is logged and retried while /readyz says 503, and SIGTERM ends the wait at once.

const TOKEN = '464646:startup-e2e';
let app: AppProcess | undefined;
let fake: FakeTelegram | undefined;
let hole: { server: Server; sockets: Set<Socket> } | undefined;

afterEach(async () => {
  await app?.stop(2000);
  await fake?.close();
  for (const socket of hole?.sockets ?? []) socket.destroy();
  await new Promise((resolve) => (hole ? hole.server.close(resolve) : resolve(undefined)));
  [app, fake, hole] = [undefined, undefined, undefined];
});

const stackLines = (text: string): string[] => text.split('\n').filter((line) => /^\s+at /.test(line));

/** A server that takes connections and never answers: Telegram's API unreachable in the worst way. */
async function blackHole(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  hole = { server, sockets };
  return `http://127.0.0.1:${port}`;
}

const status = async (port: number, path: string): Promise<number> =>
  (await fetch(`http://127.0.0.1:${port}${path}`)).status;

describe('start-up through the real entry point', () => {
  it('should refuse production without a platform or Redis, naming what is missing and any misspelt variable', async () => {
    app = await spawnApp({ NODE_ENV: 'production', TELEGRAM_BOT_TOKNE: '1:x' });
    expect(await app.exited()).toBe(1);
    const out = app.stderr();
    expect(out).toContain('Steady could not start');
    expect(out).toContain('a platform when NODE_ENV=production');
    expect(out).toContain('Redis when NODE_ENV=production');
    expect(out).toMatch(/unknown variables that look like Steady's \(misspelt\?\): TELEGRAM_BOT_TOKNE/);
    expect(stackLines(out)).toEqual([]);
  });

  it('should refuse a STEADY_COUNTRY with no support lines instead of quietly falling back to the directories', async () => {
    app = await spawnApp({ STEADY_COUNTRY: 'zz' });
    expect(await app.exited()).toBe(1);
    const out = app.stderr();
    expect(out).toContain("Steady could not start: STEADY_COUNTRY 'zz' has no support lines");
    expect(out).toContain('support-lines.yaml');
    expect(stackLines(out)).toEqual([]);
  });

  it('should stop with one line, not a stack, when Telegram refuses the token', async () => {
    fake = await startFakeTelegram(TOKEN);
    app = await spawnApp({
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: '464646:wrong',
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    expect(await app.exited()).toBe(1);
    const out = app.stderr();
    expect(out).toMatch(/Steady could not start: Telegram refused TELEGRAM_BOT_TOKEN \(401 Unauthorized\)/);
    expect(stackLines(out)).toEqual([]);
    expect(out).not.toContain('464646:wrong');
  });

  it('should log and retry an unreachable platform while /readyz says 503, and stop at once on SIGTERM', async () => {
    app = await spawnApp({
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: await blackHole(),
      STEADY_CONNECT_TIMEOUT_SECONDS: '1',
    });
    await app.waitForLog(/"platform":"telegram".*"msg":"platform connecting"/, 20_000);
    const retry = await app.waitForLog(/platform could not connect; retrying/, 10_000);
    expect(retry).toMatch(/"timedOut":true/);
    expect(await status(app.port, '/readyz')).toBe(503);
    expect(await status(app.port, '/healthz')).toBe(200);
    await app.waitForLog(/"attempt":2.*"msg":"platform connecting"/, 10_000);
    const asked = Date.now();
    expect(await app.stop(10_000)).toBe(0);
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(app.stderr()).toContain('stopped during start-up');
  });
});

describe('unknown variables', () => {
  it('should warn by name about a variable that looks like Steady’s but is not read', async () => {
    fake = await startFakeTelegram(TOKEN);
    app = await spawnApp({
      REDIS_URL: inject('redisUrl'),
      STEADY_SECRET: appSecret(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRT: 'typo',
    });
    await app.waitForLog(/steady is running/, 20_000);
    expect(app.stderr()).toMatch(/"variable":"TELEGRAM_WEBHOOK_SECRT".*unknown variable ignored/);
  });
});

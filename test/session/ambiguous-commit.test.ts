import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createState } from '../../src/core/state.js';
import { createDataCrypto, generateSecret } from '../../src/session/crypto.js';
import { connectRedis, createRedisStore, waitForRedis } from '../../src/session/redis-store.js';
import type { SessionStore } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';

// The connection to a real Redis drops while a commit is under way (through a proxy that cuts it on cue):
// after the script ran, the store asks Redis and reports the commit as applied; before it ran, as not applied.

type Cut = 'afterScript' | 'beforeScript' | undefined;

interface Proxy {
  url: string;
  cut(when: Cut): void;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  let armed: Cut;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let cutting = false;
    client.on('data', (chunk) => {
      const script = /evalsha|eval/i.test(chunk.toString('latin1'));
      if (script && armed === 'beforeScript') {
        armed = undefined;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (script && armed === 'afterScript') {
        armed = undefined;
        cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      // The script's answer never reaches the client: the connection drops instead.
      if (cutting) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cut: (when) => void (armed = when),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let proxy: Proxy | undefined;
let store: SessionStore | undefined;
afterEach(async () => {
  await store?.close();
  await proxy?.close();
  [store, proxy] = [undefined, undefined];
});

async function storeThroughProxy(): Promise<SessionStore> {
  proxy = await startProxy(new URL(inject('redisUrl')));
  const redis = connectRedis(proxy.url, { onError: () => undefined });
  await waitForRedis(redis, 5000);
  store = createRedisStore({
    redis,
    crypto: createDataCrypto(generateSecret()),
    ttlSeconds: 3600,
    seenTtlSeconds: 600,
  });
  return store;
}

const keyer = createUserKeyer(generateSecret());
const answered = (n: number) => ({ ...createState(), settings: { consent: true }, turns: n });

describe('a commit whose connection drops', () => {
  it('should be reported as applied when the script ran before the answer was lost', async () => {
    const s = await storeThroughProxy();
    const user = keyer('test', 'ambiguous-applied');
    expect(await s.commit(user, answered(1), 0, 'e1')).toBe('ok');
    proxy?.cut('afterScript');
    expect(await s.commit(user, answered(2), 1, 'e2')).toBe('ok');
    expect(await s.load(user)).toMatchObject({ rev: 2, state: { turns: 2 } });
    // The same delivery again is a duplicate: applied once, however the first answer went.
    expect(await s.commit(user, answered(3), 2, 'e2')).toBe('duplicate');
  });

  it('should be reported as not applied (reload and retry) when the script never ran', async () => {
    const s = await storeThroughProxy();
    const user = keyer('test', 'ambiguous-lost');
    expect(await s.commit(user, answered(1), 0, 'e1')).toBe('ok');
    proxy?.cut('beforeScript');
    expect(await s.commit(user, answered(2), 1, 'e2')).toBe('conflict');
    expect(await s.load(user)).toMatchObject({ rev: 1, state: { turns: 1 } });
    expect(await s.commit(user, answered(2), 1, 'e2')).toBe('ok');
  });
});

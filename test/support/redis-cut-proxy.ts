import { createConnection, createServer, type Server, type Socket } from 'node:net';

// A TCP proxy in front of a real Redis that, on cue, lets one matching command through and then drops the
// connection before its answer comes back: the command ran, and the client cannot know it.

/** The proxy and its cue. */
export interface RedisCutProxy {
  /** Redis URL of the proxy (same database number as the target's). */
  url: string;
  /** The next command whose bytes match `pattern` runs, and its connection drops before the answer. */
  cutAfter(pattern: RegExp): void;
  /** The next command whose bytes match `pattern` never reaches Redis: its connection drops as it is sent. */
  cutBefore(pattern: RegExp): void;
  /** How many connections were cut on cue so far. */
  cuts(): number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (a redis:// URL) on a free loopback port. */
export async function startRedisCutProxy(target: string): Promise<RedisCutProxy> {
  const url = new URL(target);
  let armed: RegExp | undefined;
  let armedBefore: RegExp | undefined;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(url.port), url.hostname);
    sockets.add(client).add(upstream);
    let cutting = false;
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (armedBefore?.test(chunk.toString('latin1'))) {
        armedBefore = undefined;
        cuts += 1;
        return end();
      }
      if (armed?.test(chunk.toString('latin1'))) {
        armed = undefined;
        cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!cutting) return void client.write(chunk);
      cuts += 1;
      end();
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `redis://127.0.0.1:${address.port}${url.pathname}`,
    cutAfter: (pattern) => void (armed = pattern),
    cutBefore: (pattern) => void (armedBefore = pattern),
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

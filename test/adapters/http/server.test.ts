import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';

const silent = { error: () => undefined };
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function listening(): Promise<{ url: string; http: HttpServer }> {
  const http = createHttpServer(silent);
  server = http;
  http.routes.add('POST', '/hook', (_req, res) => void res.writeHead(200).end('hooked'));
  http.routes.add('POST', '/broken', () => {
    throw new Error('boom');
  });
  const port = await http.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, http };
}

describe('app HTTP server', () => {
  it('should answer health checks', async () => {
    const { url } = await listening();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('should route a registered path, ignoring the query string, and 404 anything else', async () => {
    const { url } = await listening();
    const hooked = await fetch(`${url}/hook?x=1`, { method: 'POST', body: '{}' });
    expect(await hooked.text()).toBe('hooked');
    expect((await fetch(`${url}/hook`)).status).toBe(404);
    expect((await fetch(`${url}/nowhere`, { method: 'POST' })).status).toBe(404);
  });

  it('should turn a failing handler into a 500 without stopping the server', async () => {
    const { url } = await listening();
    expect((await fetch(`${url}/broken`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

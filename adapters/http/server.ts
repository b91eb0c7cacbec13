import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/index.js';

/** Handles one request on a registered route; it must answer `res` itself. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where adapters register the webhook paths they serve on the app's one HTTP port. */
export interface HttpRoutes {
  /** Serves `method path` (exact path, query string ignored) with `handler`. */
  add(method: 'GET' | 'POST', path: string, handler: HttpHandler): void;
}

/** What the ops endpoints read; both optional, so a server without them still serves webhooks and `/healthz`. */
export interface HttpServerOptions {
  /** Answers `GET /readyz`: 200 when true, 503 otherwise (absent: always 503, nothing says it is ready). */
  ready?: () => Promise<boolean>;
  /** Answers `GET /metrics` in the Prometheus text format (absent: 404). */
  metrics?: { readonly contentType: string; render(): Promise<string> };
}

/** The app's HTTP server: adapters' webhook routes plus `GET /healthz`, `/readyz` and `/metrics`. */
export interface HttpServer {
  routes: HttpRoutes;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /** Stops taking connections and waits for open requests to finish. */
  close(): Promise<void>;
}

/** Builds the HTTP server; nothing listens until `listen`. */
export function createHttpServer(logger: Pick<Logger, 'error'>, options: HttpServerOptions = {}): HttpServer {
  const table = opsRoutes(options);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = table.get(`${req.method ?? 'GET'} ${path}`);
    if (!handler) return answer(res, 404, { ok: false, error: 'not found' });
    // Wrapped so a handler that throws synchronously is caught like one that rejects.
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'http handler failed');
        if (!res.headersSent) answer(res, 500, { ok: false, error: 'internal error' });
        else res.end();
      });
  });
  return {
    routes: { add: (method, path, handler) => void table.set(`${method} ${path}`, handler) },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

// Liveness says only that the process answers; readiness also asks the dependencies, so a load balancer
// stops sending while Redis is away or the process is shutting down, without anyone restarting it.
function opsRoutes(options: HttpServerOptions): Map<string, HttpHandler> {
  const table = new Map<string, HttpHandler>();
  table.set('GET /healthz', (_req, res) => answer(res, 200, { ok: true }));
  table.set('GET /readyz', async (_req, res) => {
    const ready = (await options.ready?.()) ?? false;
    answer(res, ready ? 200 : 503, { ok: ready });
  });
  const { metrics } = options;
  if (metrics) {
    table.set('GET /metrics', async (_req, res) => {
      const body = await metrics.render();
      res.writeHead(200, { 'content-type': metrics.contentType }).end(body);
    });
  }
  return table;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP proxy on 127.0.0.1 in front of a real centre: every request is forwarded unchanged and logged
 * (method, path, status), so a test can count the requests `catalog publish` really sent.
 */
export interface CountingProxy {
  url: string;
  log: { method: string; path: string; status: number }[];
  /** Requests other than GET /health. */
  writes: () => { method: string; path: string; status: number }[];
  close: () => Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const log: CountingProxy['log'] = [];
  const server = http.createServer((req, res) => {
    const fwd = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        log.push({ method: req.method!, path: new URL(req.url!, 'http://x').pathname, status: up.statusCode ?? 0 });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on('error', () => {
      res.destroy();
    });
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    writes: () => log.filter((l) => !(l.method === 'GET' && l.path === '/health')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

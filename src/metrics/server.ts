import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` in Prometheus' text format, on its own host and port (METRICS_HOST, METRICS_PORT),
 * never on the public API's: what it shows is for the operators' scraper only.
 */
export async function startMetricsServer({ host, port, registry }: { host: string; port: number; registry: Registry }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}\n`),
    );
  });
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new Error(`METRICS_PORT ${port} on ${host} is in use: the API and the worker on one host each need their own (0 turns it off)`, { cause: err });
  }
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** The process's metrics endpoint as configured (none when METRICS_PORT is 0). */
export async function serveMetrics(
  config: { host: string; port: number }, registry: Registry, logger: { info(obj: object, msg: string): void },
): Promise<MetricsServer | undefined> {
  if (!config.port) return undefined;
  const server = await startMetricsServer({ host: config.host, port: config.port, registry });
  logger.info({ url: server.url }, 'metrics served');
  return server;
}

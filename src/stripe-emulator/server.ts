import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_VERSION } from './api-version';
import { errorReply, handleApiRequest, type IncomingApiRequest } from './api/pipeline';
import { bodyLength, type ApiReply } from './api/reply';
import { controlReply } from './control/dispatch';
import { unrecognizedUrl } from './errors';
import { newRequestId } from './ids';
import { handleOAuth, isOAuthPath } from './oauth/routes';
import type { RequestLogEntry } from './request-log';
import type { EmulatorServices } from './services';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  // Most requests (GETs) have no body: skip the stream machinery for them.
  if (!request.headers['content-length'] && !request.headers['transfer-encoding']) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The emulator's HTTP front: `/v1` (Stripe's API), `/oauth` (Connect OAuth and Stripe App
 * installs, with `/apps/…` and `/v1/oauth/token`) and `/_emulator` (the control API). Every
 * answer carries a `Request-Id`, as Stripe's do.
 */
export class EmulatorServer {
  private readonly server = http.createServer((request, response) => void this.handle(request, response));
  /** Answers deliberately never given (stall faults), ended when the server closes. */
  private readonly stalled = new Set<ServerResponse>();

  constructor(private readonly services: EmulatorServices) {
    this.server.keepAliveTimeout = 30_000;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    for (const response of this.stalled) response.destroy();
    this.stalled.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const time = Date.now();
    try {
      const url = new URL(request.url ?? '/', 'http://emulator');
      const method = request.method ?? 'GET';
      const body = await readBody(request);
      if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
        this.send(response, controlReply(this.services, { method, url, body }), requestId);
      } else if (isOAuthPath(url.pathname)) {
        const reply = handleOAuth(this.services, { method, url, headers: request.headers, body, requestId }) ?? errorReply(unrecognizedUrl(method, url.pathname));
        const entry = { method, path: url.pathname, query: url.search.slice(1), endpoint: `${method} ${url.pathname}`, account: null, time, requestId, fault: null };
        this.log({ ...entry, status: reply.status });
        this.send(response, reply, requestId);
      } else {
        await this.answerApi(request, response, { method, url, headers: request.headers, body, requestId }, time);
      }
    } catch (error) {
      if (!response.headersSent) this.send(response, errorReply(error), requestId);
    }
  }

  /** `/v1`: Stripe's answer, late by the configured latency, or none at all (reset, stall faults). */
  private async answerApi(request: IncomingMessage, response: ServerResponse, incoming: IncomingApiRequest, time: number): Promise<void> {
    const outcome = handleApiRequest(this.services, incoming);
    const { method, url, requestId } = incoming;
    const entry = { method, path: url.pathname, query: url.search.slice(1), endpoint: outcome.endpoint, account: outcome.account, time, requestId, fault: outcome.fault };
    if (outcome.delayMs > 0) await delay(outcome.delayMs);
    if (outcome.disruption === 'reset') {
      this.log({ ...entry, status: 0 });
      request.socket.destroy();
    } else if (outcome.disruption === 'stall') {
      this.log({ ...entry, status: 0 });
      this.stalled.add(response);
      response.on('close', () => this.stalled.delete(response));
    } else {
      this.log({ ...entry, status: outcome.reply!.status });
      this.send(response, outcome.reply!, requestId, stripeHeaders(request));
    }
  }

  private log(entry: RequestLogEntry): void {
    this.services.requestLog.add(entry);
    if (this.services.options.logRequests) {
      console.log(`${new Date(entry.time).toISOString()} ${entry.method} ${entry.path} → ${entry.status} ${entry.account ?? ''} (${Date.now() - entry.time} ms)`);
    }
  }

  private send(response: ServerResponse, reply: ApiReply, requestId: string, extra: Record<string, string> = {}): void {
    if (response.destroyed) return;
    response.writeHead(reply.status, {
      'Content-Type': 'application/json',
      'Content-Length': bodyLength(reply.body),
      'Cache-Control': 'no-cache, no-store',
      'Request-Id': requestId,
      ...extra,
      ...reply.headers,
    });
    if (Buffer.isBuffer(reply.body)) {
      response.end(reply.body);
      return;
    }
    response.cork();
    for (const part of reply.body) response.write(part);
    response.uncork();
    response.end();
  }
}

/** Headers Stripe echoes: the API version used, the connected account, the idempotency key. */
function stripeHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'Stripe-Version': String(request.headers['stripe-version'] ?? API_VERSION) };
  if (request.headers['stripe-account']) headers['Stripe-Account'] = String(request.headers['stripe-account']);
  if (request.headers['idempotency-key']) headers['Idempotency-Key'] = String(request.headers['idempotency-key']);
  return headers;
}

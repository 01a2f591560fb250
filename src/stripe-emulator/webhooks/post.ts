import http from 'node:http';
import https from 'node:https';

/** What one attempt sends: the signed body to the endpoint's URL. */
export interface WebhookRequest {
  url: string;
  body: Buffer;
  signature: string;
  timeoutMs: number;
}

/**
 * POSTs webhook bodies with the headers Stripe sends, over kept-alive connections, and answers
 * the receiver's status (a network error or a timeout rejects).
 */
export class WebhookPoster {
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  post({ url, body, signature, timeoutMs }: WebhookRequest): Promise<number> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': body.length,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'cache-control': 'no-cache',
            accept: '*/*; q=0.5, application/xml',
            'stripe-signature': signature,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      this.inFlight.add(request);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.on('close', () => this.inFlight.delete(request));
      request.end(body);
    });
  }

  /** Abandons every request still waiting for an answer. */
  abortAll(): void {
    for (const request of this.inFlight) request.destroy();
  }

  close(): void {
    this.abortAll();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

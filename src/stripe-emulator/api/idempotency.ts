import { StripeApiError } from '../errors';
import type { ApiReply } from './reply';

const TTL_MS = 24 * 3600 * 1000;
const MAX_KEYS = 100_000;

interface Remembered {
  fingerprint: string;
  reply: ApiReply;
  at: number;
}

/**
 * Stripe's idempotent requests: a POST retried with the same `Idempotency-Key` (stripe-node
 * sends one on every POST) gets the first answer again instead of acting twice; the same key
 * with other parameters is an `idempotency_error`. Keys are scoped to an account and kept 24 h.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Remembered>();

  replay(scope: string, key: string, fingerprint: string): ApiReply | undefined {
    const remembered = this.entries.get(`${scope} ${key}`);
    if (!remembered || Date.now() - remembered.at > TTL_MS) return undefined;
    if (remembered.fingerprint !== fingerprint) {
      throw new StripeApiError({
        status: 400,
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return { ...remembered.reply, headers: { ...remembered.reply.headers, 'Idempotent-Replayed': 'true' } };
  }

  /** Remembers answers of requests that ran (Stripe keeps no result for refused input). */
  remember(scope: string, key: string, fingerprint: string, reply: ApiReply): void {
    if (reply.status >= 400 && reply.status !== 402) return;
    this.entries.set(`${scope} ${key}`, { fingerprint, reply, at: Date.now() });
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

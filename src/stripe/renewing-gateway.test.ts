import assert from 'node:assert/strict';
import Stripe from 'stripe';
import type { StripeGateway } from './gateway';
import { createRenewingGateway, type AccessTokenSource } from './renewing-gateway';

const expired = () => new Stripe.errors.StripeAuthenticationError({ message: 'Expired API Key provided: sk_test_***', statusCode: 401, code: 'api_key_expired' });

/** Stripe as seen through one token: calls with a token in `valid` succeed, others are refused (401). */
function stripeAccepting(valid: Set<string>) {
  const calls: string[] = [];
  const build = (token: string): StripeGateway => ({
    async accountCreated() {
      calls.push(token);
      await Promise.resolve();
      if (!valid.has(token)) throw expired();
      return 1_700_000_000;
    },
    listPage: () => Promise.reject(new Error('not used')),
    retrieve: () => Promise.reject(new Error('not used')),
    listEvents: () => Promise.reject(new Error('not used')),
    listForCustomer: () => Promise.reject(new Error('not used')),
    countCreatedBefore: () => Promise.reject(new Error('not used')),
  });
  return { calls, build };
}

/** A token store whose renewal (the account workflow's refresh) stores `next`. */
function tokens(first: string, next: () => string | Promise<string>) {
  let stored = first;
  const renewals: string[] = [];
  const source: AccessTokenSource = {
    current: () => Promise.resolve(stored),
    async renewed(rejected) {
      renewals.push(rejected);
      stored = await next();
      return stored;
    },
  };
  return { source, renewals };
}

describe('a gateway on an expiring access token', () => {
  it('asks for a renewed token when Stripe refuses the current one, and repeats the call with it', async () => {
    const stripe = stripeAccepting(new Set(['sk_new']));
    const t = tokens('sk_old', () => 'sk_new');
    const gateway = await createRenewingGateway(t.source, stripe.build);
    assert.equal(await gateway.accountCreated(), 1_700_000_000);
    assert.deepEqual(stripe.calls, ['sk_old', 'sk_new']);
    assert.deepEqual(t.renewals, ['sk_old']);
    assert.equal(await gateway.accountCreated(), 1_700_000_000, 'later calls use the renewed token');
    assert.deepEqual(stripe.calls.slice(2), ['sk_new']);
  });

  it('calls refused together wait for one renewal', async () => {
    const stripe = stripeAccepting(new Set(['sk_new']));
    const t = tokens('sk_old', () => new Promise((resolve) => setImmediate(() => resolve('sk_new'))));
    const gateway = await createRenewingGateway(t.source, stripe.build);
    await Promise.all(Array.from({ length: 6 }, () => gateway.accountCreated()));
    assert.deepEqual(t.renewals, ['sk_old']);
  });

  it('lets Stripe\'s refusal stand when no newer token comes (access revoked)', async () => {
    const stripe = stripeAccepting(new Set());
    const t = tokens('sk_old', () => 'sk_old');
    const gateway = await createRenewingGateway(t.source, stripe.build);
    await assert.rejects(gateway.accountCreated(), { statusCode: 401, code: 'api_key_expired' });
    assert.deepEqual(stripe.calls, ['sk_old']);
  });

  it('throws the renewal\'s failure, not the 401, when asking fails (the activity retry asks again)', async () => {
    const stripe = stripeAccepting(new Set());
    const gateway = await createRenewingGateway({ current: () => Promise.resolve('sk_old'), renewed: () => Promise.reject(new Error('workflow unreachable')) }, stripe.build);
    await assert.rejects(gateway.accountCreated(), /workflow unreachable/);
  });
});

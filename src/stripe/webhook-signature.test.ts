import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { DomainError } from '../domain/errors';
import { verifyStripeEvent } from './webhook-signature';

const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.updated', created: 1_700_000_000, livemode: false, data: { object: { object: 'customer', id: 'cus_1' } } });
const sign = (secret: string, timestamp?: number) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'accepted';
};

describe('webhook signatures', () => {
  it('accepts a signature by any of the endpoint\'s secrets, as during a secret roll', () => {
    assert.equal(verifyStripeEvent(Buffer.from(body), sign('whsec_new'), ['whsec_old', 'whsec_new']).id, 'evt_1');
    assert.equal(verifyStripeEvent(Buffer.from(body), sign('whsec_old'), ['whsec_old', 'whsec_new']).id, 'evt_1');
  });

  it('accepts a header that carries several v1 signatures when one of them matches', () => {
    const now = Math.floor(Date.now() / 1000);
    const good = /v1=([0-9a-f]+)/.exec(sign('whsec_new', now))![1];
    assert.equal(verifyStripeEvent(Buffer.from(body), `t=${now},v1=${'0'.repeat(64)},v1=${good}`, ['whsec_new']).id, 'evt_1');
  });

  it('refuses a wrong secret, a missing header, a signature older than 5 minutes and a changed body', () => {
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(body), sign('whsec_other'), ['whsec_new'])), 'invalid_signature');
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(body), undefined, ['whsec_new'])), 'invalid_signature');
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(body), sign('whsec_new', Math.floor(Date.now() / 1000) - 301), ['whsec_new'])), 'invalid_signature');
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(`${body} `), sign('whsec_new'), ['whsec_new'])), 'invalid_signature');
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(body), sign('whsec_new'), [])), 'invalid_signature');
  });

  it('refuses a correctly signed body that is not a Stripe event', () => {
    const notAnEvent = JSON.stringify({ hello: 'world' });
    const header = Stripe.webhooks.generateTestHeaderString({ payload: notAnEvent, secret: 'whsec_new' });
    assert.equal(codeOf(() => verifyStripeEvent(Buffer.from(notAnEvent), header, ['whsec_new'])), 'validation_error');
  });
});

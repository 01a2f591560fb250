import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { classifyStripeError, maskSecrets } from './errors';

const raw = (statusCode: number, code?: string, message = 'x') => ({ statusCode, code, message, type: 'api_error' as const });

describe('Stripe failure classification', () => {
  it('revoked or invalid access is a credentials failure: reconnect, do not retry', () => {
    assert.equal(classifyStripeError(new Stripe.errors.StripeAuthenticationError(raw(401))).kind, 'credentials');
    assert.equal(classifyStripeError(new Stripe.errors.StripePermissionError(raw(403))).kind, 'credentials');
    assert.equal(classifyStripeError(new Stripe.errors.StripeInvalidRequestError(raw(400, 'account_invalid'))).kind, 'credentials');
  });

  it('a refused request is permanent; rate limits, outages and network trouble are transient', () => {
    assert.equal(classifyStripeError(new Stripe.errors.StripeInvalidRequestError(raw(400, 'parameter_unknown'))).kind, 'permanent');
    assert.equal(classifyStripeError(new Stripe.errors.StripeRateLimitError(raw(429, 'rate_limit'))).kind, 'transient');
    assert.equal(classifyStripeError(new Stripe.errors.StripeAPIError(raw(500))).kind, 'transient');
    assert.equal(classifyStripeError(new Stripe.errors.StripeConnectionError(raw(0))).kind, 'transient');
  });

  it('never lets a key into a message', () => {
    assert.equal(maskSecrets('Invalid API Key provided: rk_test_51abcDEF and sk_live_****1234'), 'Invalid API Key provided: rk_test_[redacted] and sk_live_[redacted]');
    assert.ok(!classifyStripeError(new Stripe.errors.StripeAuthenticationError(raw(401, undefined, 'bad key sk_test_abc'))).message.includes('sk_test_abc'));
  });
});

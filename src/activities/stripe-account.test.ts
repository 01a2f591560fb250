import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import { fakeActivityWorld, fakeStripe, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { StripeCredentialsUnavailable } from '../stripe/gateway-factory';
import { createStripeAccountActivities, type DescribeStripeAccountOutput } from './stripe-account';

const describeAccount = (world: ReturnType<typeof fakeActivityWorld>) =>
  quietActivityEnvironment().run(() => createStripeAccountActivities(world.deps).describeStripeAccount({ connectionId: 'conn_unit' })) as Promise<DescribeStripeAccountOutput>;

const failureOf = (world: ReturnType<typeof fakeActivityWorld>) => describeAccount(world).then(() => assert.fail('expected a failure'), (e: unknown) => e);

describe('describeStripeAccount (one activity, fake Stripe)', () => {
  it('tells when the account began, its rate budget, and how many slices fill it', async () => {
    const test = await describeAccount(fakeActivityWorld());
    assert.deepEqual(test, { accountCreated: 1_600_000_000, concurrency: 7, budgetPerSecond: 12.5 });
    const live = await describeAccount(fakeActivityWorld({ connection: { livemode: true } }));
    assert.equal(live.concurrency, 25, 'live mode has four times the budget');
    const capped = await describeAccount(fakeActivityWorld({ connection: { rateBudget: { global: 500, perEndpoint: 100 } } }));
    assert.equal(capped.concurrency, 32);
  });

  it('starts slices at the floor when the key may read customers but not the account', async () => {
    const forbidden = new Stripe.errors.StripePermissionError({ message: 'The provided key does not have access to account', statusCode: 403 });
    const world = fakeActivityWorld({ stripe: fakeStripe([], { accountCreated: async () => { throw forbidden; } }) });
    assert.equal((await describeAccount(world)).accountCreated, null);
  });

  it('fails for good, asking for a reconnect, when Stripe rejects the key', async () => {
    const revoked = new Stripe.errors.StripeAuthenticationError({ message: 'Expired API Key provided: rk_test_abc', statusCode: 401 });
    const failure = await failureOf(fakeActivityWorld({ stripe: fakeStripe([], { accountCreated: async () => { throw revoked; } }) }));
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, SYNC_FAILURE.credentialsRejected);
    assert.equal(failure.nonRetryable, true);
  });

  it('fails for good when the product is not configured to call Stripe for the connection', async () => {
    const failure = await failureOf(fakeActivityWorld({ gateway: async () => { throw new StripeCredentialsUnavailable('STRIPE_SECRET_KEY (the platform key) is not configured'); } }));
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, SYNC_FAILURE.misconfigured);
    assert.equal(failure.nonRetryable, true);
  });

  it('leaves a Stripe outage to the retry policy', async () => {
    const outage = new Stripe.errors.StripeAPIError({ message: 'Stripe is having a bad day', statusCode: 500 });
    const failure = await failureOf(fakeActivityWorld({ stripe: fakeStripe([], { accountCreated: async () => { throw outage; } }) }));
    assert.ok(!(failure instanceof ApplicationFailure && failure.nonRetryable), 'retryable');
  });
});

describe('countStripeObjects (one activity, fake Stripe)', () => {
  it('counts each type below the cut-off with Stripe\'s search, and leaves a type it cannot count to the sync\'s estimate', async () => {
    const asked: [string, number][] = [];
    const forbidden = new Stripe.errors.StripePermissionError({ message: 'This API key cannot search charges', statusCode: 403 });
    const world = fakeActivityWorld({
      stripe: fakeStripe([], {
        countCreatedBefore: async (type, lt) => {
          asked.push([type, lt]);
          if (type === 'charges') throw forbidden;
          return type === 'customers' ? 48_976 : 49_850;
        },
      }),
    });
    const counts = await quietActivityEnvironment().run(() =>
      createStripeAccountActivities(world.deps).countStripeObjects({ connectionId: 'conn_unit', createdBefore: 1_700_000_000 }));
    assert.deepEqual(counts, { customers: 48_976, subscriptions: 49_850, charges: null });
    assert.deepEqual(asked.sort(), [['charges', 1_700_000_000], ['customers', 1_700_000_000], ['subscriptions', 1_700_000_000]]);
  });
});

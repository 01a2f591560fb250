import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useWebhookSuite, type ReceivedWebhook, type TestEndpoint } from './test-helpers';
import { waitFor } from '../../test/support/wait';

const PINNED = '2026-10-28.endive';

describe('stripe emulator: what a webhook carries — signatures (and spoiled ones), the endpoint\'s api_version', () => {
  const suite = useWebhookSuite();

  const receivedOnce = async (endpoint: TestEndpoint, event: string) =>
    waitFor(() => endpoint.receiver.received.find((r) => r.event.id === event), { what: `the delivery of ${event}` });
  const verify = (webhook: ReceivedWebhook, secret: string, tolerance?: number) =>
    Stripe.webhooks.constructEvent(webhook.body, webhook.signature, secret, tolerance);

  it('badSignatureRate: a spoiled delivery fails constructEvent, is retried spoiled, and says so; others pass', async () => {
    await suite.hooks.configure({ badSignatureRate: 1, maxAttempts: 2 });
    let secret = '';
    // The receiver verifies as a product does: 400 on a bad signature, so Stripe retries.
    const endpoint = await suite.hooks.endpoint({
      status: (webhook) => {
        try {
          verify(webhook, secret);
          return 200;
        } catch {
          return 400;
        }
      },
    });
    secret = endpoint.secret;
    const { events } = await suite.hooks.trigger('customer.create');
    const spoiled = await receivedOnce(endpoint, events[0]!);
    assert.throws(() => verify(spoiled, secret), { type: 'StripeSignatureVerificationError', message: /No signatures found matching/ });
    const [delivery] = await waitFor(async () => {
      const found = await suite.hooks.deliveries(events[0]!);
      return found[0]?.state === 'failed' && found;
    }, { what: 'the spoiled delivery to fail' });
    assert.equal(delivery!.signatureFault, 'wrong_secret');
    assert.equal(delivery!.attempts, 2);
    assert.equal(delivery!.lastStatus, 400);

    await suite.hooks.configure({ badSignatureRate: 0 });
    const sound = (await suite.hooks.trigger('customer.create')).events[0]!;
    assert.equal(verify(await receivedOnce(endpoint, sound), secret).id, sound);
    assert.equal((await suite.hooks.deliveries(sound))[0]!.signatureFault, null);
  });

  it('staleTimestampRate: signed with the right secret, but with a t= beyond the default 300 s tolerance', async () => {
    await suite.hooks.configure({ staleTimestampRate: 1 });
    const endpoint = await suite.hooks.endpoint();
    const { events } = await suite.hooks.trigger('customer.create');
    const stale = await receivedOnce(endpoint, events[0]!);
    assert.throws(() => verify(stale, endpoint.secret), { type: 'StripeSignatureVerificationError', message: /Timestamp outside the tolerance zone/ });
    assert.equal(verify(stale, endpoint.secret, 3600).id, events[0], 'the signature itself is sound');
    const signedAt = Number(/t=(\d+)/.exec(stale.signature)![1]);
    assert.ok(Date.now() / 1000 - signedAt > 300, `t=${signedAt} is old`);
    assert.equal((await suite.hooks.deliveries(events[0]!))[0]!.signatureFault, 'stale_timestamp');
  });

  it('an endpoint created with an api_version gets events stamped with it; others, and GET /v1/events, the pinned one', async () => {
    const pinnedTo = await suite.hooks.endpoint({ apiVersion: '2025-03-31.basil' });
    const unpinned = await suite.hooks.endpoint();
    const { events } = await suite.hooks.trigger('customer.create');
    const [stamped, plain] = [await receivedOnce(pinnedTo, events[0]!), await receivedOnce(unpinned, events[0]!)];
    assert.equal(verify(stamped, pinnedTo.secret).api_version, '2025-03-31.basil');
    assert.equal(verify(plain, unpinned.secret).api_version, PINNED);
    assert.deepEqual(stamped.event.data, plain.event.data, 'only the stamp differs, not the shape');
    assert.equal((await suite.account.stripe.events.retrieve(events[0]!)).api_version, PINNED);
    const views = await suite.hooks.deliveries(events[0]!);
    assert.deepEqual(views.map((d) => [d.endpoint, d.apiVersion]).sort(), [[pinnedTo.id, '2025-03-31.basil'], [unpinned.id, PINNED]].sort());
  });
});

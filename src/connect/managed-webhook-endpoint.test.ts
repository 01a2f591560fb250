import assert from 'node:assert/strict';
import { liveEventsDelivery, stripeCanReach } from './managed-webhook-endpoint';

const config = (appUrl: string, apiUrl = 'https://api.stripe.com', webhookSecrets: string[] = ['whsec_1']) => ({ appUrl, stripe: { apiUrl, webhookSecrets } });

describe('how live events reach a connection', () => {
  it('real Stripe cannot reach a loopback or private APP_URL; the emulator can', () => {
    for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '192.168.0.10', '172.20.0.5', 'app.localhost']) {
      assert.equal(stripeCanReach(`http://${host}:3000`, 'https://api.stripe.com'), false, host);
    }
    assert.equal(stripeCanReach('https://engage.example.com', 'https://api.stripe.com'), true);
    assert.equal(stripeCanReach('http://localhost:3000', 'http://127.0.0.1:12111'), true, 'the emulator reaches localhost');
  });

  it('webhooks when Stripe can reach us and the connection has an endpoint; otherwise the poll alone', () => {
    const keyWith = { mode: 'api_key' as const, webhookEndpointId: 'we_1' };
    const keyWithout = { mode: 'api_key' as const, webhookEndpointId: null };
    const oauth = { mode: 'oauth' as const, webhookEndpointId: null };
    assert.equal(liveEventsDelivery(keyWith, config('https://engage.example.com')), 'webhooks');
    assert.equal(liveEventsDelivery(keyWithout, config('https://engage.example.com')), 'polling');
    assert.equal(liveEventsDelivery(keyWith, config('http://localhost:3000')), 'polling');
    assert.equal(liveEventsDelivery(oauth, config('https://engage.example.com')), 'webhooks');
    assert.equal(liveEventsDelivery(oauth, config('https://engage.example.com', 'https://api.stripe.com', [])), 'polling', 'no platform secret configured');
  });
});

import assert from 'node:assert/strict';
import { assertPublicHost, isPrivateAddress, PrivateAddressError } from './address-guard';
import { postSignedWebhook } from './webhook-call';

describe('the webhook address guard', () => {
  it('knows loopback, private, link-local, CGNAT, multicast and mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      assert.equal(isPrivateAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111']) assert.equal(isPrivateAddress(ip), false, ip);
  });

  it('refuses literal private hosts and localhost names before connecting', () => {
    for (const host of ['127.0.0.1', '[::1]', 'localhost', 'api.localhost']) assert.throws(() => assertPublicHost(host), PrivateAddressError, host);
    assert.doesNotThrow(() => assertPublicHost('hooks.example.com'));
  });

  it('refuses a loopback URL when private addresses are not allowed, sending nothing', async () => {
    await assert.rejects(
      postSignedWebhook({ url: 'http://127.0.0.1:9/x', body: {}, secret: 's', timestamp: 1, allowPrivate: false }),
      (error: unknown) => error instanceof PrivateAddressError && /private or loopback/.test(error.message),
    );
  });
});

import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.appUrl, 'http://localhost:3000');
    assert.equal(config.temporal.namespace, 'default');
    assert.equal(config.temporal.taskQueue, 'stripe-engage');
    assert.equal(config.stripe.apiUrl, 'https://api.stripe.com');
    assert.equal(config.stripe.connectUrl, 'https://connect.stripe.com');
    assert.equal(config.stripe.oauthScope, 'read_only');
    assert.deepEqual(config.stripe.webhookSecrets, []);
    assert.equal(config.stripe.appClientId, undefined);
    assert.equal(config.stripe.appInstallUrl, 'https://marketplace.stripe.com/oauth/v2/authorize');
    assert.equal(config.stripe.appTokenLifetimeSeconds, 3600);
    assert.deepEqual(config.metrics, { host: '127.0.0.1', port: 9464, temporalPort: 9465 });
  });

  it('never serves the metrics on the public API port', () => {
    assert.match(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })[0]!, /^METRICS_PORT: must differ from PORT/);
    assert.equal(loadConfig({ METRICS_PORT: '0' }).metrics.port, 0, '0 turns the endpoint off');
  });

  it('demo mode is never on from the environment (only the local start turns it on)', () => {
    assert.equal(loadConfig({}).demoMode, false);
    assert.equal(loadConfig({ DEMO_MODE: 'true', demoMode: 'true', NODE_ENV: 'development' }).demoMode, false);
  });

  it('reads several webhook secrets, comma-separated, for rotation', () => {
    const config = loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_old, whsec_new' });
    assert.deepEqual(config.stripe.webhookSecrets, ['whsec_old', 'whsec_new']);
  });

  it('rejects bad values and names every bad variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ENCRYPTION_KEY: 'too-short',
      STRIPE_API_URL: 'ftp://example.com',
      TEMPORAL_ADDRESS: 'no-port',
      STRIPE_WEBHOOK_SECRET: 'whsec_ok,nope',
      DATABASE_URL: 'mysql://x',
    });
    for (const name of ['PORT', 'ENCRYPTION_KEY', 'STRIPE_API_URL', 'TEMPORAL_ADDRESS', 'STRIPE_WEBHOOK_SECRET', 'DATABASE_URL']) {
      assert.ok(problems.some((p) => p.startsWith(name)), `${name} not named in ${JSON.stringify(problems)}`);
    }
  });

  it('explains the ENCRYPTION_KEY format', () => {
    const [problem] = problemsOf({ ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') });
    assert.match(problem!, /ENCRYPTION_KEY: must be 32 random bytes encoded as base64/);
    assert.equal(loadConfig({ ENCRYPTION_KEY: KEY }).encryptionKey, KEY);
  });

  it('rejects a Stripe secret key of the wrong shape', () => {
    assert.match(problemsOf({ STRIPE_SECRET_KEY: 'pk_test_123' })[0]!, /^STRIPE_SECRET_KEY/);
  });
});

import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import pino from 'pino';
import { fakeActivityWorld, noAlerts, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import { startTestEmulator, type TestEmulator } from '../../test/support/emulator';
import { createTestDb } from '../../test/support/postgres';
import { createConnectionStore, type ConnectionStore } from '../db/connection-store';
import { createProjectStore } from '../db/project-store';
import type { StripeConnection } from '../domain/connection';
import { createEncryptor, generateEncryptionKey } from '../security/encryption';
import { tokenFingerprint } from '../security/token-fingerprint';
import { createAppOAuthClient, type AppOAuthClient } from '../stripe/app-oauth';
import { createStripeClient } from '../stripe/client';
import type { ActivityDeps } from './deps';
import { createStripeTokenActivities, type RefreshStripeTokenInput, type RefreshStripeTokenOutput } from './stripe-token';

const LIFETIME = 3600;

describe('refreshStripeToken (one activity, real Postgres, the emulator\'s rotating tokens)', () => {
  let emulator: TestEmulator;
  let db: Knex;
  let store: ConnectionStore;
  let projectId: string;
  let app: { clientId: string; secretKey: string };
  let client: AppOAuthClient;
  let deps: ActivityDeps;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    app = await emulator.control('/_emulator/apps', { name: 'Engage App', redirectUris: ['http://127.0.0.1:9/integrations/stripe/app/callback'] });
    client = createAppOAuthClient({ apiUrl: emulator.url, secretKey: app.secretKey, tokenLifetimeSeconds: LIFETIME });
    ({ db } = await createTestDb());
    store = createConnectionStore(db, createEncryptor(generateEncryptionKey()));
    projectId = (await createProjectStore(db).create('tokens')).project.id;
    deps = { ...fakeActivityWorld().deps, connections: store, appTokens: { store, client, lifetimeSeconds: LIFETIME }, alerts: noAlerts(store), logger: pino({ level: 'silent' }) };
  });

  /** A merchant with the App installed, stored as the App connection the install makes. */
  async function installed(): Promise<StripeConnection> {
    const merchant = await emulator.control<{ id: string }>('/_emulator/accounts', { livemode: false });
    await emulator.control('/_emulator/oauth/next-account', { account: merchant.id });
    await emulator.control('/_emulator/oauth/mode', { mode: 'auto-approve' });
    const back = await fetch(`${emulator.url}/oauth/v2/authorize?client_id=${app.clientId}`, { redirect: 'manual' });
    const token = await client.exchange(new URL(back.headers.get('location')!).searchParams.get('code')!);
    const { connection } = await store.upsert({
      projectId, stripeAccountId: token.stripeAccountId, livemode: false, mode: 'app',
      credentials: { accessToken: token.accessToken, refreshToken: token.refreshToken, accessTokenExpiresAt: token.expiresAt.toISOString() },
    });
    return connection;
  }

  const refresh = (input: RefreshStripeTokenInput) =>
    quietActivityEnvironment().run(() => createStripeTokenActivities(deps).refreshStripeToken(input)) as Promise<RefreshStripeTokenOutput>;

  /** Makes the stored token due, as time passing would. */
  async function makeDue(connection: StripeConnection): Promise<void> {
    const credentials = await store.credentials(connection.id);
    await store.rotateCredentials(connection.id, credentials.refreshToken!, { ...credentials, accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() });
  }

  /** The statuses of the token requests Stripe got while `action` ran. */
  async function tokenRequestsDuring(action: () => Promise<unknown>): Promise<number[]> {
    const log = async () => (await emulator.get<{ data: { status: number }[] }>(`/_emulator/requests?endpoint=${encodeURIComponent('POST /v1/oauth/token')}`)).data;
    const before = (await log()).length;
    await action();
    return (await log()).slice(before).map((r) => r.status);
  }
  const works = async (accessToken: string) => (await createStripeClient(accessToken, { apiUrl: emulator.url }).accounts.retrieveCurrent()).id;

  it('leaves a token that is not yet due alone, and says when it will be', async () => {
    const connection = await installed();
    const before = await store.credentials(connection.id);
    let out: RefreshStripeTokenOutput | undefined;
    assert.deepEqual(await tokenRequestsDuring(async () => (out = await refresh({ connectionId: connection.id }))), []);
    assert.equal(out!.refreshed, false);
    assert.equal(out!.refreshAt, Date.parse(before.accessTokenExpiresAt!) - 300_000, 'five minutes ahead of an hour-long token');
    assert.deepEqual(await store.credentials(connection.id), before);
  });

  it('refreshes a due token and stores the new pair: the old refresh token is void, the new tokens work', async () => {
    const connection = await installed();
    await makeDue(connection);
    const before = await store.credentials(connection.id);
    const out = await refresh({ connectionId: connection.id });
    const after = await store.credentials(connection.id);
    assert.equal(out.refreshed, true);
    assert.notEqual(after.refreshToken, before.refreshToken);
    assert.notEqual(after.accessToken, before.accessToken);
    assert.ok(Date.parse(after.accessTokenExpiresAt!) > Date.now() + (LIFETIME - 60) * 1000);
    assert.equal(out.refreshAt, Date.parse(after.accessTokenExpiresAt!) - 300_000);
    assert.equal(await works(after.accessToken!), connection.stripeAccountId);
    // spent: only a replay of the same request (same idempotency key) still answers for it
    const owner = createStripeClient(app.secretKey, { apiUrl: emulator.url });
    await assert.rejects(owner.rawRequest('POST', '/v1/oauth/token', { grant_type: 'refresh_token', refresh_token: before.refreshToken! }), { type: 'StripeInvalidGrantError' });
  });

  it('refreshes a token Stripe refused, unless the stored one is already another', async () => {
    const connection = await installed();
    const first = await store.credentials(connection.id);
    assert.equal((await refresh({ connectionId: connection.id, rejected: tokenFingerprint(first.accessToken!) })).refreshed, true);
    const again = await tokenRequestsDuring(async () =>
      assert.equal((await refresh({ connectionId: connection.id, rejected: tokenFingerprint(first.accessToken!) })).refreshed, false, 'the refused token was replaced already'));
    assert.deepEqual(again, []);
  });

  it('recovers an answer lost between Stripe and the database: the retry gets it again', async () => {
    const connection = await installed();
    await makeDue(connection);
    const stored = await store.credentials(connection.id);
    // the attempt that crashed: Stripe rotated the token, and its answer never reached the database
    const lost = await client.refresh(stored.refreshToken!);
    const retried = await tokenRequestsDuring(async () => assert.equal((await refresh({ connectionId: connection.id })).refreshed, true));
    const after = await store.credentials(connection.id);
    assert.deepEqual([after.accessToken, after.refreshToken], [lost.accessToken, lost.refreshToken]);
    assert.deepEqual(retried, [200], 'no invalid_grant');
    assert.equal(await works(after.accessToken!), connection.stripeAccountId);
  });

  it('a refresh token Stripe refuses moves the connection to needs_reconnect', async () => {
    const connection = await installed();
    await emulator.control(`/_emulator/apps/${app.clientId}/uninstall`, { account: connection.stripeAccountId });
    const { accessToken } = await store.credentials(connection.id);
    assert.deepEqual(await refresh({ connectionId: connection.id, rejected: tokenFingerprint(accessToken!) }), { refreshed: false, refreshAt: null });
    const after = await store.get(connection.id);
    assert.equal(after.status, 'needs_reconnect');
    assert.match(after.statusMessage!, /Install the Stripe App again/);
    assert.doesNotMatch(after.statusMessage!, /rt_/, 'the refresh token is never shown');
    assert.deepEqual(await refresh({ connectionId: connection.id }), { refreshed: false, refreshAt: null }, 'nothing to keep fresh any more');
  });

  it('has nothing to do for connections of other modes', async () => {
    const { connection } = await store.upsert({ projectId, stripeAccountId: 'acct_keyed', livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_x' } });
    assert.deepEqual(await refresh({ connectionId: connection.id }), { refreshed: false, refreshAt: null });
  });
});

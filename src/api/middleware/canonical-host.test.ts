import assert from 'node:assert/strict';
import { freePort } from '../../infra/free-port';
import { testConfig } from '../../../test/support/config';
import { backLinkFrom, csrfFrom } from '../../../test/support/api/http-client';
import { useApiHarness } from '../../../test/support/api/use-api-harness';

describe('pages are served at APP_URL\'s address only', () => {
  let port: number;
  before(async () => {
    port = await freePort();
  });
  const appOrigin = () => `http://localhost:${port}`;
  const t = useApiHarness({ config: () => testConfig({ appUrl: appOrigin() }), port: () => port });
  /** a browser that opened the server as 127.0.0.1 rather than APP_URL's localhost */
  const elsewhere = () => t.h.client(`127.0.0.1:${port}`);
  const settings = () => `/projects/${t.projectId}/settings/integrations`;

  it('sends a page opened at another host to the same path and query at APP_URL, before any cookie', async () => {
    for (const path of [`${settings()}?notice=connected`, '/integrations/stripe/oauth/callback?code=ac_1&state=s%7E1']) {
      const res = await elsewhere().get(path);
      assert.equal(res.status, 302, path);
      assert.equal(res.location, `${appOrigin()}${path}`);
      assert.deepEqual(res.headers.getSetCookie(), []);
    }
    const head = await elsewhere().request('HEAD', settings());
    assert.equal(head.status, 302);
    assert.equal(head.location, `${appOrigin()}${settings()}`);
  });

  it('redirects to APP_URL\'s origin whatever host the request names', async () => {
    for (const host of ['evil.example', 'evil.example:80', `localhost:${port}@evil.example`, '']) {
      const res = await t.h.client(host).get(settings());
      assert.equal(res.status, 302, host);
      assert.equal(new URL(res.location!).origin, appOrigin(), host);
    }
  });

  it('serves pages at APP_URL\'s host however it is spelled', async () => {
    const res = await t.h.client(`LOCALHOST:${port}`).get(`/projects/${t.projectId}/login`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Sign in to Acme/);
  });

  it('refuses a form sent to another host, signs nothing in, and leads back to Settings → Integrations', async () => {
    const login = await t.h.client().get(`/projects/${t.projectId}/login`);
    const res = await elsewhere().post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey, _csrf: csrfFrom(login.text) } });
    assert.equal(res.status, 403);
    assert.match(res.text, /sent to another address than this site/);
    assert.ok(res.text.includes(`(${appOrigin()})`));
    assert.equal(backLinkFrom(res.text), settings());
    assert.deepEqual(res.headers.getSetCookie(), []);
  });

  it('answers the JSON API, health and webhooks at any address', async () => {
    const api = await elsewhere().get('/api/v1/segments', { bearer: t.apiKey });
    assert.equal(api.status, 200);
    assert.ok(Array.isArray(api.body.data));
    const health = await elsewhere().get('/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    const webhook = await elsewhere().post('/webhooks/stripe', { raw: '{}', headers: { 'content-type': 'application/json' } });
    assert.notEqual(webhook.status, 302);
    assert.equal(webhook.location, null);
  });
});

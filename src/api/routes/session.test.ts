import assert from 'node:assert/strict';
import { SESSION_COOKIE } from '../middleware/session';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { backLinkFrom, csrfFrom } from '../../../test/support/api/http-client';

describe('signing in to the pages', () => {
  const t = useApiHarness();

  const settings = () => `/projects/${t.projectId}/settings/integrations`;

  it('sends an unauthenticated page request to the sign-in page and back', async () => {
    const browser = t.h.client();
    const res = await browser.get(settings());
    assert.equal(res.status, 302);
    assert.equal(res.location, `/projects/${t.projectId}/login?next=${encodeURIComponent(settings())}`);
    const login = await browser.get(res.location!);
    assert.equal(login.status, 200);
    assert.match(login.text, /Sign in to Acme/);
    const signIn = await browser.post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey, next: settings(), _csrf: csrfFrom(login.text) } });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.location, settings());
    assert.equal((await browser.get(settings())).status, 200);
  });

  it('sets a signed, HttpOnly, SameSite=Lax session cookie', async () => {
    const browser = t.h.client();
    const login = await browser.get(`/projects/${t.projectId}/login`);
    const res = await browser.post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey, _csrf: csrfFrom(login.text) } });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    assert.match(cookie, /; httponly/i);
    assert.match(cookie, /; samesite=lax/i);
    assert.match(cookie, /; path=\//i);
    assert.doesNotMatch(cookie, new RegExp(t.apiKey));
  });

  it('treats a tampered session cookie as no session', async () => {
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const value = client.cookie(SESSION_COOKIE)!;
    const [payload, mac] = [value.slice(0, value.lastIndexOf('.')), value.slice(value.lastIndexOf('.') + 1)];
    const forgedPayload = Buffer.from(JSON.stringify(['attacker-sid', t.projectId, Date.now() + 1e9])).toString('base64url');
    for (const forged of [`${forgedPayload}.${mac}`, `${payload}.${mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`]) {
      const res = await t.h.client().get(settings(), { headers: { cookie: `${SESSION_COOKIE}=${forged}` } });
      assert.equal(res.status, 302, `forged cookie ${forged} was accepted`);
      assert.match(res.location!, /\/login\?next=/);
    }
  });

  it('refuses a wrong key, or another project\'s key, with a message on the form', async () => {
    const other = await t.h.createProject('Other');
    for (const key of ['sek_wrong', other.apiKey]) {
      const browser = t.h.client();
      const login = await browser.get(`/projects/${t.projectId}/login`);
      const res = await browser.post(`/projects/${t.projectId}/login`, { form: { apiKey: key, _csrf: csrfFrom(login.text) } });
      assert.equal(res.status, 401);
      assert.match(res.text, /does not open this project/);
      assert.equal((await browser.get(settings())).status, 302);
    }
  });

  it('refuses a sign-in form without this browser\'s CSRF token', async () => {
    const attacker = t.h.client();
    const token = csrfFrom((await attacker.get(`/projects/${t.projectId}/login`)).text);
    const victim = t.h.client();
    await victim.get(`/projects/${t.projectId}/login`);
    const res = await victim.post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey, _csrf: token } });
    assert.equal(res.status, 403);
    assert.match(res.text, /expired or did not come from this site/);
    assert.equal(backLinkFrom(res.text), settings());
    const none = await victim.post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey } });
    assert.equal(none.status, 403);
  });

  it('never redirects off-site after sign-in', async () => {
    for (const next of ['https://evil.example/x', '//evil.example/x', `/projects/${t.projectId}//evil.example`, '/projects/other/settings']) {
      const browser = t.h.client();
      const login = await browser.get(`/projects/${t.projectId}/login`);
      const res = await browser.post(`/projects/${t.projectId}/login`, { form: { apiKey: t.apiKey, next, _csrf: csrfFrom(login.text) } });
      assert.equal(res.location, settings(), `next=${next}`);
    }
  });

  it('a session opens its own project only', async () => {
    const other = await t.h.createProject('Other');
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const res = await client.get(`/projects/${other.projectId}/settings/integrations`);
    assert.equal(res.status, 302);
    assert.match(res.location!, new RegExp(`/projects/${other.projectId}/login`));
  });

  it('signs out', async () => {
    const { client, csrf } = await t.h.signedIn(t.projectId, t.apiKey);
    const res = await client.post(`/projects/${t.projectId}/logout`, { form: { _csrf: csrf } });
    assert.equal(res.status, 303);
    assert.equal((await client.get(settings())).status, 302);
  });

  it('answers 404 for the sign-in page of an unknown project', async () => {
    const res = await t.h.client().get('/projects/proj_unknown/login');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type')!, /html/);
  });
});

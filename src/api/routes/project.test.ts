import assert from 'node:assert/strict';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { csrfFrom, type TestClient } from '../../../test/support/api/http-client';

describe('the project\'s alert email (JSON API and Settings → Integrations)', () => {
  const t = useApiHarness();
  const api = () => t.h.asProject(t.apiKey);
  let browser: TestClient;
  before(async () => {
    ({ client: browser } = await t.h.signedIn(t.projectId, t.apiKey));
  });
  const page = () => browser.get(`/projects/${t.projectId}/settings/integrations`);
  const postForm = async (alertEmail: string) =>
    browser.post(`/projects/${t.projectId}/settings/alert-email`, { form: { alertEmail, _csrf: csrfFrom((await page()).text) } });

  it('is unset at first, set and read back through the API, and cleared with null or an empty string', async () => {
    assert.equal((await api().get('/api/v1/project')).body.alertEmail, null);
    const set = await api().patch('/api/v1/project', { alertEmail: '  Ops@Example.com ' });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.alertEmail, 'Ops@Example.com');
    assert.equal(set.body.id, t.projectId);
    assert.equal((await api().get('/api/v1/project')).body.alertEmail, 'Ops@Example.com');
    assert.equal((await api().patch('/api/v1/project', { alertEmail: null })).body.alertEmail, null);
    await api().patch('/api/v1/project', { alertEmail: 'ops@example.com' });
    assert.equal((await api().patch('/api/v1/project', { alertEmail: '' })).body.alertEmail, null);
  });

  it('refuses what is not an email address, or an unknown field, with a 400 naming the field, and keeps what was set', async () => {
    await api().patch('/api/v1/project', { alertEmail: 'ops@example.com' });
    for (const alertEmail of ['not an email', 'ops@', 42, `${'a'.repeat(320)}@example.com`]) {
      const res = await api().patch('/api/v1/project', { alertEmail });
      assert.equal(res.status, 400, `${String(alertEmail)}: ${res.text}`);
      assert.equal(res.body.error.code, 'validation_error');
      assert.match(res.body.error.message, /^alertEmail: /);
    }
    const extra = await api().patch('/api/v1/project', { alertEmail: 'ops@example.com', name: 'Renamed' });
    assert.equal(extra.status, 400);
    assert.equal((await api().patch('/api/v1/project', {})).status, 400, 'the field is required');
    assert.equal((await api().get('/api/v1/project')).body.alertEmail, 'ops@example.com');
    assert.equal((await t.h.client().get('/api/v1/project')).status, 401);
  });

  it('the settings form saves it with a notice, shows a bad address escaped beside the form, and clears it when empty', async () => {
    const saved = await postForm('alerts@shop.example');
    assert.equal(saved.status, 303);
    const after = await browser.get(saved.headers.get('location')!);
    assert.match(after.text, /data-notice="alert_email_saved"/);
    assert.match(after.text, /Alerts go to <strong>alerts@shop.example<\/strong>/);

    const bad = await postForm('<script>x</script>');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-alert-email-error/);
    assert.match(bad.text, /value="&lt;script&gt;x&lt;\/script&gt;"/);
    assert.doesNotMatch(bad.text, /<script>x<\/script>/);
    assert.equal((await api().get('/api/v1/project')).body.alertEmail, 'alerts@shop.example', 'a refused address changes nothing');

    assert.equal((await postForm('')).status, 303);
    assert.equal((await api().get('/api/v1/project')).body.alertEmail, null);
    assert.match((await page()).text, /No alert email is set/);
  });
});

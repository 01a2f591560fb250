import assert from 'node:assert/strict';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { createEncryptor } from '../../security/encryption';
import { unsubscribeUrlFor } from '../../worker/automation-deps';

describe('the unsubscribe link', () => {
  const t = useApiHarness();
  let profileId: string;
  /** the path of the link the worker puts in a marketing email to this profile */
  let link: string;
  const linkOf = (id: string) => new URL(unsubscribeUrlFor(t.h.deps.config.appUrl, createEncryptor(t.h.deps.config.encryptionKey!))(t.projectId, id)).pathname;
  before(async () => {
    ({ profile: { id: profileId } } = await t.h.deps.profiles.identify(t.projectId, { email: 'ada@example.com', traits: {} }));
    link = linkOf(profileId);
  });
  const customer = () => t.h.client().get(`/api/v1/customers/${profileId}`, { bearer: t.apiKey });

  it('a customer is subscribed until it unsubscribes', async () => {
    const res = await customer();
    assert.equal(res.status, 200);
    assert.equal(res.body.unsubscribed, null);
  });

  it('refuses a tampered link with a clear page, and records nothing', async () => {
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const path of [forged, '/unsubscribe/not-a-token', `/unsubscribe/${encodeURIComponent(`${t.projectId}.${profileId}`)}`]) {
      const res = await t.h.client().get(path, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /html/);
      assert.match(res.text, /This link does not work/);
      assert.match(res.text, /not valid/);
    }
    assert.equal((await customer()).body.unsubscribed, null);
  });

  it('opening the email\'s link unsubscribes the profile, without signing in', async () => {
    const res = await t.h.client().get(link, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    assert.match(res.text, /You are unsubscribed/);
    assert.match(res.text, /ada@example\.com will get no more marketing emails/);
    const { body } = await customer();
    assert.equal(body.unsubscribed.source, 'link');
    assert.ok(Date.parse(body.unsubscribed.at));
  });

  it('opening it again, or the mail client\'s one-click POST, keeps the first time', async () => {
    const first = (await customer()).body.unsubscribed;
    const again = await t.h.client().get(link);
    assert.equal(again.status, 200);
    assert.match(again.text, /was unsubscribed already/);
    const oneClick = await t.h.client().post(link, { form: { 'List-Unsubscribe': 'One-Click' } });
    assert.equal(oneClick.status, 200);
    assert.deepEqual((await customer()).body.unsubscribed, first);
  });

  it('one-click POST unsubscribes a profile that had not', async () => {
    const { profile } = await t.h.deps.profiles.identify(t.projectId, { email: 'bob@example.com', traits: {} });
    const res = await t.h.client().post(linkOf(profile.id), { form: { 'List-Unsubscribe': 'One-Click' } });
    assert.equal(res.status, 200);
    assert.equal((await t.h.deps.unsubscriptions.find(t.projectId, profile.id))?.source, 'link');
  });

  it('shows it on the customer page', async () => {
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const page = await client.get(`/projects/${t.projectId}/customers/${profileId}`);
    assert.match(page.text, /data-unsubscribed="link"/);
    assert.match(page.text, /Unsubscribed<\/span> from marketing email/);
  });

  it('a link of a profile that is gone says so', async () => {
    const res = await t.h.client().get(linkOf('prof_gone'));
    assert.equal(res.status, 404);
    assert.match(res.text, /no longer know the address/);
  });
});

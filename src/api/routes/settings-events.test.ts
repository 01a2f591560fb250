import assert from 'node:assert/strict';
import { deadEvent } from '../../../test/support/api/dead-event';
import type { TestClient } from '../../../test/support/api/http-client';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { DEAD_AFTER_ATTEMPTS } from '../../activities/stripe-events';

describe('Settings → Integrations: live events and dead events', () => {
  const t = useApiHarness();
  let browser: TestClient;
  let csrf: string;
  let connectionId: string;

  before(async () => {
    ({ client: browser, csrf } = await t.h.signedIn(t.projectId, t.apiKey));
    ({ connection: { id: connectionId } } = await t.h.deps.connections.upsert({
      projectId: t.projectId, stripeAccountId: 'acct_events1', livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_x' },
    }));
    await t.h.deps.connections.move(connectionId, 'syncSucceeded');
    await deadEvent(t.db, connectionId, 'evt_dead_a', 'Stripe answered <b>500</b> & gave up');
    await deadEvent(t.db, connectionId, 'evt_dead_b');
    await t.h.deps.connections.countRejectedWebhook(connectionId);
  });

  const page = () => browser.get(`/projects/${t.projectId}/settings/integrations`);
  const action = (stripeEventId: string, what: 'retry' | 'skip', form: Record<string, string>, client = browser) =>
    client.post(`/projects/${t.projectId}/integrations/stripe/${connectionId}/events/${stripeEventId}/${what}`, { form });
  const statusOf = async (stripeEventId: string) =>
    (await t.db('stripe_event_inbox').where({ connection_id: connectionId, stripe_event_id: stripeEventId }).first<{ status: string }>('status'))!.status;
  const stat = (html: string, key: string) => new RegExp(`data-webhook="${key}"[^>]*><strong data-n>(\\d+)</strong>`).exec(html)?.[1];

  it('shows each connection\'s webhook counts and when the newest event happened', async () => {
    const { text } = await page();
    assert.equal(stat(text, 'received'), '2');
    assert.equal(stat(text, 'rejected'), '1');
    assert.equal(stat(text, 'ignored'), '0');
    assert.equal(stat(text, 'dead'), '2');
    assert.match(text, /Last event <time data-last-event datetime="2023-11-14T22:13:20.000Z" title="Nov 14, 2023, 22:13 UTC">\d+ years? ago<\/time>/);
  });

  it('lists the dead events with type, id, attempts, last error (escaped) and time, each with Retry and Skip', async () => {
    const { text } = await page();
    const row = /<tr data-dead-event="evt_dead_a">[\s\S]*?<\/tr>/.exec(text)?.[0] ?? '';
    assert.match(row, /charge\.failed/);
    assert.match(row, /evt_dead_a/);
    assert.match(row, new RegExp(`<td>${DEAD_AFTER_ATTEMPTS}</td>`));
    assert.match(row, /Stripe answered &lt;b&gt;500&lt;\/b&gt; &amp; gave up/);
    assert.match(row, /Nov 14, 2023, 22:13 UTC/);
    assert.match(row, new RegExp(`action="/projects/${t.projectId}/integrations/stripe/${connectionId}/events/evt_dead_a/retry"[\\s\\S]*?Retry`));
    assert.match(row, new RegExp(`action="/projects/${t.projectId}/integrations/stripe/${connectionId}/events/evt_dead_a/skip"[\\s\\S]*?Skip`));
    assert.match(text, /2 events could not be processed/);
  });

  it('Retry and Skip refuse a form without this session\'s CSRF token, and change nothing', async () => {
    assert.equal((await action('evt_dead_a', 'retry', {})).status, 403);
    assert.equal((await action('evt_dead_a', 'skip', { _csrf: 'x'.repeat(43) })).status, 403);
    assert.equal(await statusOf('evt_dead_a'), 'dead');
    assert.equal(t.h.orchestrator.wakes.length, 0);
  });

  it('another project\'s session cannot retry this project\'s events', async () => {
    const other = await t.h.createProject('Other');
    const { client, csrf: theirs } = await t.h.signedIn(other.projectId, other.apiKey);
    const res = await client.post(`/projects/${other.projectId}/integrations/stripe/${connectionId}/events/evt_dead_a/retry`, { form: { _csrf: theirs } });
    assert.equal(res.status, 404);
    assert.equal(await statusOf('evt_dead_a'), 'dead');
  });

  it('Retry puts the event back in line, wakes the account workflow and says so on the page', async () => {
    const res = await action('evt_dead_a', 'retry', { _csrf: csrf });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/projects/${t.projectId}/settings/integrations?notice=event_retried&event=evt_dead_a`);
    assert.equal(await statusOf('evt_dead_a'), 'pending');
    await t.h.deps.accountWaker.idle();
    assert.equal(t.h.orchestrator.wakes.at(-1)?.connectionId, connectionId);
    const shown = (await browser.get(res.location!)).text;
    assert.match(shown, /data-notice="event_retried"><div class="grow">The event <span class="mono">evt_dead_a<\/span> is back in line/);
    assert.doesNotMatch(shown, /data-dead-event="evt_dead_a"/);
    assert.match(shown, /data-dead-event="evt_dead_b"/);
    assert.match(shown, /One event could not be processed/);
  });

  it('Skip sets the event aside as ignored; the list is gone once no event is dead', async () => {
    const res = await action('evt_dead_b', 'skip', { _csrf: csrf });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/projects/${t.projectId}/settings/integrations?notice=event_skipped&event=evt_dead_b`);
    assert.equal(await statusOf('evt_dead_b'), 'ignored');
    const shown = (await browser.get(res.location!)).text;
    assert.match(shown, /The event <span class="mono">evt_dead_b<\/span> was skipped/);
    assert.doesNotMatch(shown, /data-dead-events/);
    assert.equal(stat(shown, 'dead'), '0');
    assert.equal(stat(shown, 'ignored'), '1');
  });

  it('an event that is no longer dead cannot be retried again: a page that leads back', async () => {
    const res = await action('evt_dead_b', 'retry', { _csrf: csrf });
    assert.equal(res.status, 404);
    assert.match(res.text, /no dead event evt_dead_b on this connection/);
    assert.match(res.text, /data-back-to-settings/);
  });
});

import assert from 'node:assert/strict';
import { randomBase62 } from '../../src/domain/ids';
import { isUsedEventType, profileEventOf, type StripeEventEnvelope } from '../../src/domain/stripe-events';
import { SeededRandom } from '../../src/stripe-emulator/seed/random';
import { waitFor } from '../support/wait';
import { enableAutomations, REFUND_ALERT_MINIMUM } from './support/automations';
import { connectWithApiKey, connectWithOAuth, untilActive, type TestProject } from './support/connect';
import { useFaultStack } from './support/fault-stack';
import { faultScale } from './support/scale';
import { stripeActivity } from './support/stripe-activity';
import {
  buildStorm, EXPECTED_STATUS, sendStorm, stormCounts, type Delivery, type DeliveryKind, type TargetedEvent, type WebhookTarget,
} from './support/webhook-storm';

const SEED = 21;

interface Account { id: string; secretKey: string }

/**
 * A storm of webhooks to both endpoints (the Connect platform's and an API-key connection's own),
 * on the suite's own PostgreSQL, Temporal server and worker: real events of emulator objects, a
 * fifth of them delivered twice, shuffled, among forged, stale, malformed and oversized deliveries,
 * types the product does not use and an account nobody connected. Dunning and the refund alert
 * are on, so each recorded failed charge and large refund must start exactly one run.
 */
describe('a webhook storm: duplicated, shuffled and hostile deliveries', function () {
  const scale = faultScale('webhookStorm');
  this.timeout(scale.timeoutMs);
  const platformSecret = `whsec_${randomBase62(32)}`;
  // No catch-up from Stripe's event list during the storm: what is recorded came by webhook.
  const stack = useFaultStack({ label: 'storm', config: { stripe: { webhookSecrets: [platformSecret], eventsPollSeconds: 86_400 } } });
  const counts = stormCounts(scale.deliveries);
  let project: TestProject;
  const connection = { platform: '', key: '' };
  let valid: TargetedEvent[];
  let storm: Delivery[];
  let statuses: number[];

  const db = () => stack.env.db;
  const ofConnections = () => db()('stripe_event_inbox').whereIn('connection_id', [connection.platform, connection.key]);
  const idsOf = (deliveries: Delivery[], kind: DeliveryKind) => new Set(deliveries.filter((d) => d.kind === kind).map((d) => d.eventId!));
  const sorted = (ids: Iterable<string>) => [...ids].sort();

  before(async () => {
    const { emulator } = stack.env;
    // Stripe's own deliveries would be a second storm: only the test's reach the API.
    await emulator.control('/_emulator/webhooks/config', { paused: true });
    project = await stack.api.createProject('Storm');
    await enableAutomations(stack, project.projectId, ['dunning', 'refund-alert']);
    const [platformAccount, keyAccount] = await Promise.all([0, 1].map(() => emulator.control<Account>('/_emulator/accounts', { livemode: false })));
    connection.platform = await connectWithOAuth(stack, project, platformAccount!.id);
    connection.key = await connectWithApiKey(stack, project, keyAccount!.secretKey);
    await Promise.all([untilActive(stack, project, connection.platform), untilActive(stack, project, connection.key)]);

    const nobodys = await emulator.control<Account>('/_emulator/accounts', { livemode: false });
    const random = new SeededRandom(SEED);
    const half = Math.ceil(counts.valid / 2);
    const targets: Record<'platform' | 'key' | 'nobody', WebhookTarget> = {
      platform: { path: '/webhooks/stripe', secret: platformSecret, account: platformAccount!.id },
      key: { path: `/webhooks/stripe/${connection.key}`, secret: (await stack.api.deps.connections.webhookSecrets(connection.key))[0]! },
      nobody: { path: '/webhooks/stripe', secret: platformSecret, account: nobodys.id },
    };
    const events = async (account: Account, n: number, target: WebhookTarget, tag: string) =>
      (await stripeActivity(emulator, account.id, { events: n, tag, random })).map((event) => ({ target, event }));
    valid = [
      ...(await events(platformAccount!, half, targets.platform, 'platform')),
      ...(await events(keyAccount!, counts.valid - half, targets.key, 'key')),
    ];
    const unknownAccount = await events(nobodys, counts.unknownAccount, targets.nobody, 'nobody');
    storm = buildStorm({ valid, unknownAccount, counts, maxBodyBytes: stack.env.config.stripe.webhookMaxBytes, seed: SEED });
    const started = Date.now();
    statuses = await sendStorm(() => stack.api.client(), storm);
    console.log(`      ${storm.length} deliveries in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  });

  it('answers every delivery as Stripe needs: 2xx once stored, 400 for bad signatures and bodies, 413 when too large', () => {
    const wrong = storm.map((d, i) => ({ kind: d.kind, status: statuses[i] })).filter((d) => d.status !== EXPECTED_STATUS[d.kind]);
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} deliveries answered wrongly`);
  });

  it('records each valid event exactly once, and processes it', async () => {
    const expected = new Map(valid.map(({ target, event }) => [event.id, { target, event }]));
    const started = Date.now();
    await waitFor(async () => Number((await ofConnections().clone().where({ status: 'pending' }).count('* as n'))[0]!.n) === 0,
      { what: 'every inbox entry processed', timeoutMs: scale.timeoutMs - 60_000, intervalMs: 1_000 });
    const rows: { connection_id: string; stripe_event_id: string; status: string; via: string }[] = await ofConnections().select('connection_id', 'stripe_event_id', 'status', 'via');
    const validRows = rows.filter((r) => expected.has(r.stripe_event_id));
    assert.equal(validRows.length, expected.size, 'every valid event is in the inbox once (lost: 0, duplicated: 0)');
    for (const row of validRows) {
      const { target, event } = expected.get(row.stripe_event_id)!;
      assert.equal(row.connection_id, target.account ? connection.platform : connection.key, `${event.id} went to its connection`);
      assert.equal(row.status, isUsedEventType(event.type) ? 'processed' : 'ignored', `${event.id} (${event.type})`);
      assert.equal(row.via, 'webhook');
    }

    const recording = valid.filter(({ event }) => profileEventOf(event.type));
    const recorded: { source_event_id: string; n: string }[] = await db()('profile_events')
      .where({ project_id: project.projectId, source: 'stripe' }).groupBy('source_event_id').select('source_event_id').count('* as n');
    assert.deepEqual(sorted(recorded.map((r) => r.source_event_id)), sorted(recording.map(({ event }) => event.id)), 'one timeline entry per charge event');
    assert.ok(recorded.every((r) => Number(r.n) === 1), 'no timeline entry twice');
    const types: Record<string, number> = {};
    for (const { event } of valid) types[event.type] = (types[event.type] ?? 0) + 1;
    console.log(`      ${validRows.length} events recorded once each (${JSON.stringify(types)}), ${recorded.length} timeline entries; processed ${((Date.now() - started) / 1000).toFixed(0)} s after the storm`);
  });

  it('starts exactly one run per enabled automation the event matches, in the ledger and in Temporal', async () => {
    const ofType = (type: string) => valid.map(({ event }) => event).filter((e) => e.type === type);
    const large = (e: StripeEventEnvelope) => Number(e.data.object.amount_refunded) >= REFUND_ALERT_MINIMUM;
    const want = { dunning: ofType('charge.failed'), 'refund-alert': ofType('charge.refunded').filter(large) };
    assert.ok(want.dunning.length > 0 && want['refund-alert'].length > 0, 'the storm has failed charges and large refunds');
    const runs = () => db()('automation_runs').where({ project_id: project.projectId });
    await waitFor(async () => (await runs().clone().whereNot({ status: 'pending' })).length === want.dunning.length + want['refund-alert'].length,
      { what: 'every run started', timeoutMs: 120_000, intervalMs: 1_000 });
    for (const [automationId, events] of Object.entries(want)) {
      const sources = (await runs().clone().where({ automation_id: automationId }).pluck('source_event_id')) as string[];
      assert.deepEqual(sorted(sources), sorted(events.map((e) => e.id)), `${automationId}: one run per matching event`);
    }
    const { count } = await stack.env.temporal.client.workflow.count('WorkflowType = "AutomationWorkflow"');
    assert.equal(count, want.dunning.length + want['refund-alert'].length, 'Temporal started each run once');
    console.log(`      runs: dunning ${want.dunning.length}, refund alert ${want['refund-alert'].length} (of ${ofType('charge.refunded').length} refunds); ${count} AutomationWorkflow executions`);
  });

  it('stores nothing from a forged, stale, malformed or oversized delivery', async () => {
    const refused = new Set([...idsOf(storm, 'badSignature'), ...idsOf(storm, 'staleTimestamp'), ...idsOf(storm, 'oversized')]);
    assert.equal(refused.size, counts.badSignature + counts.staleTimestamp + counts.oversized);
    const anywhere = async (table: string, column: string) => (await db()(table).whereIn(column, [...refused]).pluck(column)) as string[];
    assert.deepEqual(await anywhere('stripe_event_inbox', 'stripe_event_id'), []);
    assert.deepEqual(await anywhere('stripe_unrouted_events', 'stripe_event_id'), []);
    assert.deepEqual(await anywhere('profile_events', 'source_event_id'), []);
    const known = new Set([...valid.map(({ event }) => event.id), ...idsOf(storm, 'unknownType'), ...idsOf(storm, 'unknownAccount')]);
    const stored = [...((await db()('stripe_event_inbox').pluck('stripe_event_id')) as string[]), ...((await db()('stripe_unrouted_events').pluck('stripe_event_id')) as string[])];
    assert.deepEqual(stored.filter((id) => !known.has(id)), [], 'only events sent validly are stored (the malformed ones have no id to look for)');
    const [view] = (await stack.api.client().get('/api/v1/integrations/stripe', { bearer: project.apiKey })).body.data.filter((c: { id: string }) => c.id === connection.key);
    const refusedAtKey = storm.filter((d) => (d.kind === 'badSignature' || d.kind === 'staleTimestamp') && d.path.endsWith(connection.key)).length;
    assert.equal(view.webhooks.rejected, refusedAtKey, 'the connection counts the forged and stale deliveries it refused');
  });

  it('keeps unknown types and unknown accounts as ignored, changing nothing', async () => {
    const unknownTypes = (await ofConnections().clone().whereIn('stripe_event_id', [...idsOf(storm, 'unknownType')]).pluck('status')) as string[];
    assert.equal(unknownTypes.length, counts.unknownType);
    assert.ok(unknownTypes.every((s) => s === 'ignored'));
    const unrouted = (await db()('stripe_unrouted_events').pluck('stripe_event_id')) as string[];
    assert.deepEqual(sorted(unrouted), sorted(idsOf(storm, 'unknownAccount')));
    const emails = (await db()('profiles').where({ project_id: project.projectId }).pluck('email')) as string[];
    const customers = new Set(valid.map(({ event }) => event).filter((e) => e.type === 'customer.created').map((e) => String(e.data.object.email)));
    assert.deepEqual(sorted(emails), sorted(customers), 'a profile for each customer created, none for the unknown account\'s');
  });
});

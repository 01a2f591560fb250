import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InboxLag } from '../db/inbox-lag-read-model';

export type WebhookOutcome = 'received' | 'verified' | 'rejected' | 'ignored';

/**
 * What the product counts, as calls in its own words; the one place that knows metric names.
 * Labels carry ids (connection, project) and closed lists (object type, endpoint, status), never
 * a secret or a customer's data.
 */
export interface Metrics {
  registry: Registry;
  /** a sync committed a page of `objects` objects of this type */
  pageCopied(connectionId: string, object: string, objects: number): void;
  /** one HTTP attempt to Stripe (retries count again); `status` is the answer's, or `network` */
  stripeCall(connectionId: string, endpoint: string, status: number | 'network'): void;
  /** a Stripe call waited this long for its turn in the connection's rate budget */
  budgetWait(connectionId: string, ms: number): void;
  webhook(outcome: WebhookOutcome): void;
  /** an inbox event was settled, this long after it was received */
  eventProcessed(via: string, receivedAt: Date): void;
  /**
   * Hooks for the automations module: an automation run ended with `status`
   * (`completed`, `failed`, …), and one email was sent.
   */
  automationRun(status: string): void;
  emailSent(): void;
}

export interface MetricsOptions {
  /** read at each scrape (the inbox lives in PostgreSQL); absent: no inbox gauges */
  inboxLag?: () => Promise<InboxLag[]>;
  /** the process's own CPU, memory, event loop (off in tests, which make many registries) */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const objects = new Counter({ name: 'stripe_sync_objects_total', help: 'Stripe objects a sync copied, per connection and type', labelNames: ['connection_id', 'object'], registers });
  const pages = new Counter({ name: 'stripe_sync_pages_total', help: 'List pages a sync committed, per connection and type', labelNames: ['connection_id', 'object'], registers });
  const calls = new Counter({
    name: 'stripe_api_requests_total', help: 'HTTP attempts to Stripe (retries included), per connection, endpoint and status',
    labelNames: ['connection_id', 'endpoint', 'status'], registers,
  });
  const limited = new Counter({ name: 'stripe_api_rate_limited_total', help: 'Stripe answers 429 (rate limited), per connection', labelNames: ['connection_id'], registers });
  const waits = new Counter({ name: 'stripe_rate_budget_waits_total', help: 'Stripe calls that waited for the rate budget, per connection', labelNames: ['connection_id'], registers });
  const waited = new Counter({ name: 'stripe_rate_budget_wait_seconds_total', help: 'Time Stripe calls waited for the rate budget, per connection', labelNames: ['connection_id'], registers });
  const webhooks = new Counter({ name: 'stripe_webhooks_total', help: 'Stripe webhook deliveries: received, verified, rejected (bad signature), ignored (nothing to process)', labelNames: ['outcome'], registers });
  const latency = new Histogram({
    name: 'stripe_event_processing_seconds', help: 'From an event\'s arrival in the inbox to its processing, by how it arrived',
    labelNames: ['via'], buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800], registers,
  });
  const automationRuns = new Counter({ name: 'automation_runs_total', help: 'Automation runs that ended, by status', labelNames: ['status'], registers });
  const emails = new Counter({ name: 'emails_sent_total', help: 'Emails sent', registers });
  for (const outcome of ['received', 'verified', 'rejected', 'ignored']) webhooks.inc({ outcome }, 0);

  if (options.inboxLag) {
    const read = options.inboxLag;
    // A scrape collects both gauges at once: one read serves the two.
    let current: Promise<InboxLag[]> | undefined;
    const lag = () => (current ??= read().finally(() => (current = undefined)));
    new Gauge({
      name: 'stripe_event_inbox_pending', help: 'Inbox events waiting to be processed, per connection', labelNames: ['connection_id'], registers,
      async collect() {
        this.reset();
        for (const l of await lag()) this.set({ connection_id: l.connectionId }, l.events);
      },
    });
    new Gauge({
      name: 'stripe_event_inbox_lag_seconds', help: 'Age of the oldest inbox event waiting to be processed, per connection', labelNames: ['connection_id'], registers,
      async collect() {
        this.reset();
        for (const l of await lag()) this.set({ connection_id: l.connectionId }, l.seconds);
      },
    });
  }

  return {
    registry,
    pageCopied(connectionId, object, n) {
      pages.inc({ connection_id: connectionId, object });
      objects.inc({ connection_id: connectionId, object }, n);
    },
    stripeCall(connectionId, endpoint, status) {
      calls.inc({ connection_id: connectionId, endpoint, status: String(status) });
      if (status === 429) limited.inc({ connection_id: connectionId });
    },
    budgetWait(connectionId, ms) {
      waits.inc({ connection_id: connectionId });
      waited.inc({ connection_id: connectionId }, ms / 1000);
    },
    webhook: (outcome) => webhooks.inc({ outcome }),
    eventProcessed: (via, receivedAt) => latency.observe({ via }, Math.max(0, (Date.now() - receivedAt.getTime()) / 1000)),
    automationRun: (status) => automationRuns.inc({ status }),
    emailSent: () => emails.inc(),
  };
}

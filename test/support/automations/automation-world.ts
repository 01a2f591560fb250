/**
 * Automation runs on Temporal's time-skipping test server (the Java one the set-up provisions),
 * with the real worker activities over a fresh database, a real SMTP server and a real webhook
 * endpoint. The test plays Stripe and the account workflow: it records events through the same
 * claim the account workflow's activity makes, and starts and signals runs the way it does.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../../src/activities';
import { claimTriggeredWork } from '../../../src/activities/automation-trigger';
import { createAutomationSettingStore } from '../../../src/db/automation-setting-store';
import { createEventWriteStores } from '../../../src/db/event-write-stores';
import { createProfileStore } from '../../../src/db/profile-store';
import { transactional } from '../../../src/db/transaction';
import { createSmtpMailer } from '../../../src/delivery/mailer';
import { automationCatalog, defaultParams, validateParams, type AutomationCatalog, type AutomationRunStart } from '../../../src/domain/automation';
import { newId } from '../../../src/domain/ids';
import { TEST_SERVER_WRAPPER } from '../../../src/infra/tools';
import { createLogger } from '../../../src/logging/logger';
import { createMetrics } from '../../../src/metrics/metrics';
import { createEncryptor } from '../../../src/security/encryption';
import { buildActivityDeps } from '../../../src/worker/activity-deps';
import { buildAutomationDeps } from '../../../src/worker/automation-deps';
import { workflowBundle } from '../../../src/worker/workflow-bundle';
import { AUTOMATIONS } from '../../../src/workflows/automations';
import { awaitedEventRecordedSignal } from '../../../src/workflows/automations/kit/messages';
import type { AutomationRunOutcome } from '../../../src/workflows/automations/kit/run';
import { createProjectWithConnection } from '../../sync/identity-fixtures';
import { onCleanup } from '../cleanup';
import { testConfig } from '../config';
import { startTestSmtpServer, type TestSmtpServer } from '../delivery/smtp-server';
import { startWebhookReceiver, type TestWebhookReceiver } from '../delivery/webhook-receiver';
import { createTestDb } from '../postgres';
import { runUntilStopped } from '../worker';

let shared: Promise<TestWorkflowEnvironment> | undefined;

/** One time-skipping server for the run's automation tests. */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  shared ??= TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: TEST_SERVER_WRAPPER } } })
    .then((env) => {
      onCleanup(() => env.teardown());
      return env;
    });
  return shared;
}

export interface StartedRun {
  start: AutomationRunStart;
  /** resolves when the run ends; time skips meanwhile */
  result(): Promise<AutomationRunOutcome>;
}

export interface AutomationWorld {
  env: TestWorkflowEnvironment;
  db: Knex;
  projectId: string;
  connectionId: string;
  profileId: string;
  email: string;
  smtp: TestSmtpServer;
  hooks: TestWebhookReceiver;
  taskQueue: string;
  enable(automationId: string, params?: Record<string, unknown>, opts?: { testModeEmails?: boolean }): Promise<void>;
  /**
   * Records a Stripe profile event on the profile, as the account workflow's activity does, then
   * signals the runs waiting for it and starts the runs it claimed. Returns the runs it started.
   */
  record(name: string, properties?: Record<string, unknown>, opts?: { livemode?: boolean; occurredAt?: Date }): Promise<StartedRun[]>;
  /**
   * Deploys another build: the running worker drains and stops, and one with `bundle` (and its
   * automations' catalog, for new runs) takes over the same task queue.
   */
  deploy(next: { bundle: WorkflowBundleOption; catalog: AutomationCatalog }): Promise<void>;
}

/**
 * `deployable`: workers keep no sticky cache. The Java test server does not release a stopped
 * worker's sticky queue, so without this a run cached by a worker that was replaced would wait for
 * it for ever; the real server hands the task to the new worker after a timeout.
 */
export async function startAutomationWorld(opts: { bundle?: WorkflowBundleOption; allowPrivateUrls?: boolean; deployable?: boolean } = {}): Promise<AutomationWorld> {
  const env = await timeSkippingEnv();
  const { db } = await createTestDb();
  const smtp = await startTestSmtpServer();
  const hooks = await startWebhookReceiver();
  const config = testConfig({ automations: { allowPrivateUrls: opts.allowPrivateUrls ?? true, from: 'Billing <billing@shop.example>' } });
  const encryptor = createEncryptor(config.encryptionKey!);
  const { scope, connection } = await createProjectWithConnection(db);
  const email = `ada.${newId('prof').slice(5, 13).toLowerCase()}@example.com`;
  const { profile } = await createProfileStore(db).identify(scope.projectId, { email, traits: { plan: 'Pro' } });

  const taskQueue = `automations-${newId('run').slice(4, 14)}`;
  const mailer = createSmtpMailer(smtp.url);
  onCleanup(() => Promise.resolve(mailer.close()));
  let catalog = automationCatalog(AUTOMATIONS);
  async function startWorker(bundle: WorkflowBundleOption) {
    const deps = buildActivityDeps({ db, config, encryptor, logger: createLogger('warn', 'automation-test'), metrics: createMetrics() });
    deps.automations = { ...buildAutomationDeps({ db, config, encryptor, mailer }), catalog };
    const worker = await Worker.create({
      connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: createActivities(deps), ...(opts.deployable ? { maxCachedWorkflows: 0 } : {}),
    });
    return runUntilStopped(worker);
  }
  let stopWorker = await startWorker(opts.bundle ?? (await workflowBundle()));

  const settings = createAutomationSettingStore(db, encryptor);
  const eventWrites = transactional(db, createEventWriteStores);

  async function startRun(start: AutomationRunStart): Promise<StartedRun> {
    const handle = await env.client.workflow.start<(input: { runId: string }) => Promise<AutomationRunOutcome>>('AutomationWorkflow', {
      workflowId: start.workflowId, taskQueue, args: [{ runId: start.runId }],
    });
    return { start, result: () => handle.result() };
  }

  return {
    env, db, smtp, hooks, email, taskQueue,
    projectId: scope.projectId,
    connectionId: connection.id,
    profileId: profile.id,
    async enable(automationId, params = {}, { testModeEmails = false } = {}) {
      const spec = catalog.find(automationId)!;
      await settings.save(scope.projectId, automationId, { enabled: true, params: validateParams(spec.params, defaultParams(spec.params), params), testModeEmails });
      await settings.issueWebhookSecret(scope.projectId, automationId, 'engage_whsec_test_secret');
    },
    async record(name, properties = {}, { livemode = true, occurredAt = new Date() } = {}) {
      const stripeEventId = newId('pev').replace('pev_', 'evt_');
      const work = await eventWrites.run(async (stores) => {
        await stores.identity.lockProject(scope.projectId);
        const { event: recorded } = await stores.events.record({
          projectId: scope.projectId, profileId: profile.id, name, source: 'stripe', sourceEventId: stripeEventId, occurredAt, properties,
        });
        const envelope = {
          id: stripeEventId, type: 'test', created: Math.floor(occurredAt.getTime() / 1000), livemode,
          data: { object: { object: 'charge', id: typeof properties.id === 'string' ? properties.id : 'ch_test' } },
        };
        return claimTriggeredWork(stores, catalog, { connectionId: connection.id, event: envelope, recorded });
      });
      for (const wake of work.wakes) await env.client.workflow.getHandle(wake.workflowId).signal(awaitedEventRecordedSignal, wake.waitId, wake.profileEventId);
      return Promise.all(work.starts.map(startRun));
    },
    async deploy(next) {
      await stopWorker();
      catalog = next.catalog;
      stopWorker = await startWorker(next.bundle);
    },
  };
}

import assert from 'node:assert/strict';
import { SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { randomBase62 } from '../../src/domain/ids';
import { TEST_SERVER_WRAPPER } from '../../src/infra/tools';
import { SEARCH_ATTRIBUTES, SyncPhaseAttribute } from '../../src/temporal/search-attributes';
import { sharedTemporal } from '../support/temporal';

describe('Temporal servers provided by the project', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/workflows'), logger: quiet });
  });

  it('runs a workflow on the CLI dev server, with our search attributes registered', async () => {
    const temporal = await sharedTemporal();
    const { customAttributes } = await temporal.client.connection.operatorService.listSearchAttributes({ namespace: temporal.namespace });
    for (const key of SEARCH_ATTRIBUTES) assert.ok(customAttributes?.[key.name] !== undefined, `${key.name} not registered`);

    const taskQueue = `hello-${randomBase62(8)}`;
    const worker = await Worker.create({
      connection: temporal.connection,
      taskQueue,
      workflowBundle: bundle,
      activities: { greet: async (name: string) => `hello ${name}` },
    });
    const workflowId = `hello:${randomBase62(8)}`;
    const result = await worker.runUntil(
      temporal.client.workflow.execute('HelloWorkflow', { taskQueue, workflowId, args: ['ops'] }),
    );
    assert.equal(result, 'hello ops from HelloWorkflow');
    const described = await temporal.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(described.typedSearchAttributes.get(SyncPhaseAttribute), 'greeting');
    assert.equal(SyncPhaseAttribute.type, SearchAttributeType.KEYWORD);
  });

  it('skips time on the Java test server provisioned into .tools/', async function () {
    this.timeout(60_000);
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEST_SERVER_WRAPPER } },
    });
    try {
      const taskQueue = 'sleepy';
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: {} });
      const started = Date.now();
      const result = await worker.runUntil(
        env.client.workflow.execute('SleepyWorkflow', { taskQueue, workflowId: `sleepy:${randomBase62(8)}` }),
      );
      assert.equal(result, 'woke up');
      assert.ok(Date.now() - started < 30_000);
    } finally {
      await env.teardown();
    }
  });
});

const noop = () => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

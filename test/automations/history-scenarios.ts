/**
 * The runs whose histories are committed under test/fixtures/automation-histories/, one or more per
 * built-in automation and version, each exercising its every branch. CI replays them on the current
 * code (replay.test.ts): an edit that would break a run in flight fails the build.
 */
import { temporal } from '@temporalio/proto';
import type { AutomationWorld, StartedRun } from '../support/automations/automation-world';
import { waitRows } from '../support/automations/run-inspection';
import { waitFor } from '../support/wait';

export interface HistoryScenario {
  /** the file name: `<automation>-v<version>-<case>.json` */
  name: string;
  automation: string;
  play(world: AutomationWorld): Promise<StartedRun>;
}

const waitingFor = async (world: AutomationWorld, run: StartedRun) =>
  waitFor(async () => (await waitRows(world.db, run.start.runId)).length === 1, { what: 'the run to wait' });

export const HISTORY_SCENARIOS: HistoryScenario[] = [
  {
    name: 'dunning-v1-unpaid',
    automation: 'dunning',
    play: async (world) => (await world.record('Stripe Charge Failed', { id: 'ch_h1', failureMessage: 'declined' }))[0]!,
  },
  {
    name: 'dunning-v1-paid',
    automation: 'dunning',
    async play(world) {
      const [run] = await world.record('Stripe Charge Failed', { id: 'ch_h2' });
      await waitingFor(world, run!);
      await world.record('Stripe Charge Succeeded', { id: 'ch_h3' });
      return run!;
    },
  },
  {
    name: 'refund-alert-v1',
    automation: 'refund-alert',
    play: async (world) => (await world.record('Stripe Charge Refunded', { id: 'ch_h5', amountRefunded: 50_000 }))[0]!,
  },
  {
    name: 'trial-ending-v1',
    automation: 'trial-ending',
    play: async (world) => (await world.record('Stripe Subscription Trial Will End', { id: 'sub_h1', nickname: 'Pro' }))[0]!,
  },
  {
    name: 'win-back-v1-emailed',
    automation: 'win-back',
    play: async (world) => (await world.record('Stripe Subscription Deleted', { id: 'sub_h2' }))[0]!,
  },
  {
    name: 'win-back-v1-came-back',
    automation: 'win-back',
    async play(world) {
      const [run] = await world.record('Stripe Subscription Deleted', { id: 'sub_h3' });
      await waitingFor(world, run!);
      await world.record('Stripe Subscription Created', { id: 'sub_h4' });
      return run!;
    },
  },
];

const { History } = temporal.api.history.v1;

/**
 * Histories are kept as the protobuf message's JSON object form (enums by name, 64-bit numbers and
 * bytes as strings): readable in a diff, and read back with `historyFromFile`.
 */
export const historyToFile = (history: temporal.api.history.v1.IHistory): string =>
  `${JSON.stringify(History.toObject(History.fromObject(history), { enums: String, longs: String, bytes: String }), null, 1)}\n`;

export const historyFromFile = (text: string): temporal.api.history.v1.History => History.fromObject(JSON.parse(text) as Record<string, unknown>);

/** Plays a scenario to its end and returns its history, ready to write. */
export async function recordScenario(world: AutomationWorld, scenario: HistoryScenario): Promise<string> {
  const withWebhook = ['dunning', 'refund-alert'].includes(scenario.automation);
  await world.enable(scenario.automation, withWebhook ? { webhookUrl: world.hooks.url } : {});
  const run = await scenario.play(world);
  await run.result();
  return historyToFile(await world.env.client.workflow.getHandle(run.start.workflowId).fetchHistory());
}

/**
 * Backfill benchmarks: the project's first sync against the rate-limit bound, the naive baseline
 * and the peers, on the project's Stripe emulator and one PostgreSQL, each process its own.
 *
 *   npm run bench        quick: 20,000 objects, one repetition, no peers
 *   npm run bench:full   50,000 customers (≈ 200,000 objects), 3 repetitions, peers, 1M objects for memory
 *
 * Options: --customers N, --repetitions N, --peers / --no-peers, --large-customers N (0: skip the 1M run),
 * --only p1,p1-default,baseline,p2,p3,p4 (a subset), --cpu-prof (worker CPU profiles into test-artifacts/bench/),
 * --journal F (every run is appended to F as it ends; given an F of the same plan, only the repetitions
 * it lacks are run, so the three repetitions of bench:full may be run in parts).
 * Prints the tables of BENCHMARKS.md and writes every raw figure to test-artifacts/bench/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defaultRateBudget, STRIPE_RATE_LIMITS } from '../src/domain/connection';
import { REPO_ROOT } from '../src/infra/paths';
import { seedAccount } from './lib/accounts';
import type { Arena } from './lib/contenders';
import { describeMachine, loadAverages, machineInfo } from './lib/machine';
import { runMain } from './lib/run-main';
import { openJournal } from './lib/run-journal';
import { runScenarios, type BenchPlan } from './lib/scenarios';
import { startBenchStack } from './lib/stack';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    customers: { type: 'string' },
    repetitions: { type: 'string' },
    peers: { type: 'boolean' },
    'no-peers': { type: 'boolean' },
    'large-customers': { type: 'string' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    journal: { type: 'string' },
  },
});

const SCENARIOS = ['p1', 'p1-default', 'baseline', 'p2', 'p3', 'p4'];

/** The scenarios to run; a name that is none of them is refused rather than silently running nothing. */
function parseOnly(only: string | undefined): Set<string> {
  const names = only ? only.split(',').map((n) => n.trim()) : SCENARIOS;
  const unknown = names.filter((n) => !SCENARIOS.includes(n));
  if (unknown.length) throw new Error(`--only: unknown ${unknown.join(', ')} (choose from ${SCENARIOS.join(', ')})`);
  return new Set(names);
}

const quick = values.quick!;
const plan: BenchPlan = {
  quick,
  customers: Number(values.customers ?? (quick ? 5_000 : 50_000)),
  repetitions: Number(values.repetitions ?? (quick ? 1 : 3)),
  peers: values['no-peers'] ? false : (values.peers ?? !quick),
  largeCustomers: Number(values['large-customers'] ?? (quick ? 0 : 250_000)),
  only: parseOnly(values.only),
  budgets: {
    test: { ...STRIPE_RATE_LIMITS.test },
    live: { ...STRIPE_RATE_LIMITS.live },
    default: defaultRateBudget(false),
  },
};
const OUT = path.join(REPO_ROOT, 'test-artifacts', 'bench');

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const journalFile = path.resolve(values.journal ?? path.join(OUT, `backfill-${stamp}.jsonl`));
/** What a journal's runs must have been measured with to be taken into the same tables (the repetitions aside). */
const journalPlan = { customers: plan.customers, peers: plan.peers, largeCustomers: plan.largeCustomers, only: [...plan.only].sort(), budgets: plan.budgets };

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`journal: ${path.relative(REPO_ROOT, journalFile)} (to add what an interrupted run lacks: --journal ${path.relative(REPO_ROOT, journalFile)})`);
  const machine = machineInfo();
  console.log(`${quick ? 'QUICK run (npm run bench): ' : ''}${plan.customers.toLocaleString('en-US')} customers, ${plan.repetitions} repetition(s), ${plan.peers ? 'with' : 'no'} peers`);
  console.log(`machine: ${describeMachine(machine)}; load average at start ${loadAverages().join(', ')} (shared machine)`);
  const stack = await startBenchStack();
  const connection = await Connection.connect({ address: stack.temporal.address });
  try {
    const arena: Arena = { stack, client: new Client({ connection }) };
    const seed = 20261125;
    const test = await seedAccount(stack.emulator, { seed, customers: plan.customers, livemode: false });
    const live = await seedAccount(stack.emulator, { seed, customers: plan.customers, livemode: true });
    console.log(`accounts seeded: ${JSON.stringify(test.objects)} (test and live mode, seed ${seed})`);
    const profileDir = values['cpu-prof'] ? path.join(OUT, `profiles-${Date.now()}`) : undefined;
    const journal = openJournal(journalFile, journalPlan);
    const report = await runScenarios(arena, plan, { test, live }, journal, profileDir);
    const file = path.join(OUT, `backfill-${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify({ machine, plan: { ...plan, only: [...plan.only] }, ...report.raw }, null, 2));
    console.log(`\n${report.markdown}\n\nraw figures: ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

runMain(main);

import type { RateBudget } from '../../src/domain/connection';
import type { StripeObjectType } from '../../src/domain/sync-slices';
import { objectCount, seedAccount } from './accounts';
import { boundSeconds, median } from './bounds';
import { peerRun, projectRun, type Arena, type Run } from './contenders';
import { estimateErrors } from './estimate-error';
import { cpuIndexMs } from './machine';
import type { SeededAccount } from './project-sync';
import type { RunJournal, SeriesName } from './run-journal';
import { cpuPerThousand, fixed, load, medianOf, objectsPerSecondOf, percent, table } from './report';
import { configureEmulator, type EmulatedStripe } from './stack';

export interface BenchPlan {
  quick: boolean;
  customers: number;
  repetitions: number;
  peers: boolean;
  /** customers of the account for the large memory run; 0 skips it */
  largeCustomers: number;
  only: Set<string>;
  budgets: { test: RateBudget; live: RateBudget; default: RateBudget };
}

const LATENCY_MS = 250;
const STRIPE_LIMITS: EmulatedStripe['limits'] = { test: { global: 25, perEndpoint: 25 }, live: { global: 100, perEndpoint: 25 } };
const STANDARD: EmulatedStripe = { latencyMs: LATENCY_MS, limits: STRIPE_LIMITS };
const UNLIMITED: EmulatedStripe = { latencyMs: 0, limits: null };
/** No limit: a budget far above anything two cores can reach. */
const UNLIMITED_BUDGET: RateBudget = { global: 10_000, perEndpoint: 10_000 };

const PROJECT_PROCESSES = ['worker', 'api', 'temporal', 'postgres'];
const PEER_PROCESSES = ['peer', 'postgres'];

interface Accounts { test: SeededAccount; live: SeededAccount }

/** Runs of one contender over the repetitions. */
type Series = Map<string, Run[]>;

const add = (series: Series, run: Run) => series.set(run.contender, [...(series.get(run.contender) ?? []), run]);

/**
 * Everything in the plan, interleaved per repetition so that each repetition compares contenders
 * under the same load; the repetitions a journal already holds are taken from it, not run again.
 */
export async function runScenarios(arena: Arena, plan: BenchPlan, accounts: Accounts, journal: RunJournal, profileDir?: string) {
  const p1: Series = new Map();
  const p2: Series = new Map();
  const p3: Series = new Map();
  const series: Record<SeriesName, Series> = { p1, p2, p3 };
  for (const { series: name, run } of journal.past.runs) add(series[name], run);
  if (journal.past.repetitionsDone) console.log(`${journal.past.repetitionsDone} repetition(s) taken from the journal`);
  const nodeOptions = (label: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${label}`] : undefined);
  const say = (run: Run) => {
    console.log(`  ${run.contender}: ${fixed(run.objects)} objects in ${fixed(run.seconds, 1)} s = ${fixed(objectsPerSecondOf(run))} obj/s` +
      `${run.complete ? '' : ' INCOMPLETE'}; ${run.requests.requests} requests, ${run.requests.rateLimited} refused; load ${run.loadAverage[0]}`);
    return run;
  };
  for (let rep = journal.past.repetitionsDone + 1; rep <= plan.repetitions; rep++) {
    const cpuIndex = cpuIndexMs();
    console.log(`repetition ${rep} of ${plan.repetitions} (CPU index ${cpuIndex} ms: a fixed piece of work's CPU time, lower is a faster host)`);
    const into = (name: SeriesName, run: Run) => {
      add(series[name], run);
      journal.ran(rep, name, run);
    };
    await configureEmulator(arena.stack.emulator, STANDARD);
    if (plan.only.has('p1')) {
      into('p1', say(await projectRun(arena, accounts.test, plan.budgets.test, 'project, budget 100 %', nodeOptions(`p1-${rep}`))));
    }
    if (plan.only.has('p1-default')) into('p1', say(await projectRun(arena, accounts.test, plan.budgets.default, 'project, default budget (50 %)')));
    if (plan.only.has('baseline')) {
      into('p1', say(await peerRun(arena, accounts.test, 'naive-baseline', 'naive baseline (SDK auto-pagination, same upserts)', plan.budgets.test.global)));
    }
    if (plan.peers && plan.only.has('p1')) {
      into('p1', say(await peerRun(arena, accounts.test, 'supabase-sync-engine', '@supabase/stripe-sync-engine 0.48.5', plan.budgets.test.global)));
    }
    if (plan.only.has('p2')) {
      into('p2', say(await projectRun(arena, accounts.live, plan.budgets.live, 'project, live mode, budget 100 %', nodeOptions(`p2-${rep}`))));
    }
    if (plan.only.has('p3') || plan.only.has('p4')) {
      await configureEmulator(arena.stack.emulator, UNLIMITED);
      into('p3', say(await projectRun(arena, accounts.test, UNLIMITED_BUDGET, 'project', nodeOptions(`p3-${rep}`))));
      if (plan.only.has('p3')) {
        if (plan.only.has('baseline')) into('p3', say(await peerRun(arena, accounts.test, 'naive-baseline', 'naive baseline', UNLIMITED_BUDGET.global)));
        if (plan.peers) into('p3', say(await peerRun(arena, accounts.test, 'supabase-sync-engine', '@supabase/stripe-sync-engine 0.48.5', UNLIMITED_BUDGET.global)));
      }
    }
    journal.repetitionDone(rep, cpuIndex);
  }
  let large = journal.past.large;
  if (!large && plan.only.has('p4') && plan.largeCustomers > 0) {
    await configureEmulator(arena.stack.emulator, UNLIMITED);
    const account = await seedAccount(arena.stack.emulator, { seed: 20261126, customers: plan.largeCustomers, livemode: false });
    console.log(`large account seeded: ${JSON.stringify(account.objects)}`);
    large = say(await projectRun(arena, account, UNLIMITED_BUDGET, 'project, large account'));
    journal.ranLarge(large);
  }
  const sections = [
    p1.size ? backfillTable('P1', p1, accounts.test, plan, 'test-mode limits (25 req/s global and per endpoint), 250 ms a request') : '',
    p2.size ? backfillTable('P2', p2, accounts.live, plan, 'live-mode limits (100 req/s global, 25 per endpoint), 250 ms a request') : '',
    p3.size ? cpuTable(p3) : '',
    p3.size ? memoryTable(p3, large) : '',
    p1.size ? estimateTable(p1) : '',
    schedulingTable([...p1.values(), ...p2.values(), ...p3.values()].flat()),
    pgActivityTable([...p1.values(), ...p2.values(), ...p3.values()].flat()),
  ];
  return { markdown: sections.filter(Boolean).join('\n\n'), raw: { p1: [...p1], p2: [...p2], p3: [...p3], large } };
}

/** Objects/s per contender against the bound of the budget it ran with, and against the project at 100 %. */
function backfillTable(name: string, series: Series, account: SeededAccount, plan: BenchPlan, world: string): string {
  const budgetOf = (contender: string): RateBudget =>
    contender.includes('default') ? plan.budgets.default : name === 'P2' ? plan.budgets.live : plan.budgets.test;
  const reference = [...series.values()][0]!;
  const rows = [...series].map(([contender, runs]) => {
    const bound = objectCount(account) / boundSeconds(account, budgetOf(contender));
    const perRep = runs.map((run, i) => ({ rate: objectsPerSecondOf(run), ofBound: objectsPerSecondOf(run) / bound, vsProject: objectsPerSecondOf(run) / objectsPerSecondOf(reference[i]!) }));
    return [
      contender,
      medianOf(perRep.map((r) => r.rate), (n) => fixed(n)),
      `${fixed(bound)} obj/s`,
      medianOf(perRep.map((r) => r.ofBound), percent),
      medianOf(perRep.map((r) => r.vsProject), (n) => `${n.toFixed(2)}×`),
      fixed(median(runs.map((r) => r.requests.meanPerSecond)), 1),
      runs.map((r) => `${r.requests.busiestSecond}`).join(' / '),
      runs.map((r) => r.requests.rateLimited).join(' / '),
      runs.every((r) => r.complete) ? 'yes' : 'NO',
      load(runs),
    ];
  });
  return `### ${name}: backfill, ${world}\n\n${table(
    ['contender', 'objects/s, median (range)', 'bound', 'of bound', 'vs first row', 'req/s (mean)', 'busiest second', '429s', 'every row', 'load (1 min)'],
    rows,
  )}`;
}

function cpuTable(series: Series): string {
  const rows = [...series].map(([contender, runs]) => {
    const processes = runs[0]!.project ? PROJECT_PROCESSES : PEER_PROCESSES;
    const per = (p: string) => medianOf(runs.map((r) => ((r.cpuSeconds[p] ?? 0) * 1000) / r.objects), (n) => n.toFixed(3));
    return [
      contender,
      medianOf(runs.map((r) => cpuPerThousand(r, processes)), (n) => n.toFixed(3)),
      processes.map((p) => `${p} ${per(p)}`).join(', '),
      medianOf(runs.map(objectsPerSecondOf), (n) => fixed(n)),
      load(runs),
    ];
  });
  return `### P3: CPU seconds per 1,000 objects (no latency, no limit; the emulator and the load generator excluded)\n\n${table(
    ['contender', 'CPU s / 1,000 objects', 'by process', 'objects/s', 'load (1 min)'], rows,
  )}`;
}

function memoryTable(series: Series, large: Run | undefined): string {
  const runs = [...(series.get('project') ?? []), ...(large ? [large] : [])];
  const rows = runs.map((r) => [
    fixed(r.objects), fixed(r.peakRssMb), fixed(r.project!.history.runs), fixed(r.project!.history.maxEventsPerRun), fixed(r.project!.history.totalEvents),
  ]);
  return `### P4: worker memory and workflow history\n\n${table(['objects', 'worker peak RSS (MB)', 'workflow runs', 'most events in one run', 'events in all runs'], rows)}`;
}

const TYPES: StripeObjectType[] = ['customers', 'subscriptions', 'charges'];
const signed = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n >= 0 ? '+' : ''}${fixed(n * 100)} %`);

function estimateTable(series: Series): string {
  const rows: string[][] = [];
  for (const [contender, runs] of series) {
    for (const run of runs) {
      if (!run.project) continue;
      for (const e of estimateErrors(run.project.samples, run.rows as Record<StripeObjectType, number>, run.seconds)) {
        rows.push([contender, `${fixed(e.at * 100)} %`, ...TYPES.map((t) => signed(e.totals[t])), signed(e.eta)]);
      }
    }
  }
  return `### P7: progress estimates (estimated ÷ final − 1)\n\n${table(['run', 'at', ...TYPES, 'ETA'], rows)}`;
}

function schedulingTable(runs: Run[]): string {
  const rows = runs.filter((r) => r.project).map((r) => {
    const s = r.project!.scheduling;
    const p = r.project!.slicePages;
    return [r.contender, fixed(s.activities), fixed(s.meanActivityMs), fixed(s.meanScheduleToStartMs), fixed(s.meanCompletionToWorkflowTaskMs), fixed(s.meanWorkflowTaskMs),
      p ? `${fixed(p.slices)} (${fixed(p.emptySlices)} empty)` : '—', p ? `${fixed(p.pages)} / ${fixed(p.fullPages)}` : '—'];
  });
  return `### Slice activities (from the workflow histories)\n\n${table(
    ['run', 'activities', 'mean duration (ms)', 'scheduled → started (ms)', 'completed → workflow task started (ms)', 'workflow task (ms)',
      'slices', 'pages read / objects ÷ 100'], rows,
  )}`;
}

/** How PostgreSQL's backends of each project run spent their time (samples of pg_stat_activity). */
function pgActivityTable(runs: Run[]): string {
  const rows = runs.filter((r) => r.project).map((r) => {
    const { samples, states, statements } = r.project!.pgActivity;
    const busy = (key: string) => ((states[key] ?? 0) / samples).toFixed(2);
    const other = Object.keys(states).filter((k) => !['active', 'Lock:advisory', 'idle in transaction'].includes(k));
    return [r.contender, busy('active'), busy('Lock:advisory'), busy('idle in transaction'), other.map((k) => `${k} ${busy(k)}`).join(', ') || '—',
      statements.slice(0, 3).map(([q, n]) => `${q} (${n})`).join('<br>')];
  });
  return `### PostgreSQL backends of the run (mean number in each state)\n\n${table(
    ['run', 'running', 'waiting for the project lock', 'in a transaction, waiting for the worker', 'other waits', 'statements seen most'], rows,
  )}`;
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { REPO_ROOT } from '../../src/infra/paths';
import type { Run } from './contenders';

/** The tables a run goes into. */
export type SeriesName = 'p1' | 'p2' | 'p3';

type Entry =
  | { plan: Record<string, unknown> }
  | { repetition: number; series: SeriesName; run: Run }
  | { repetition: number; complete: true; commit: string; cpuIndexMs?: number }
  | { large: Run };

/** What a journal holds from earlier invocations: whole repetitions only (a cut one is run again). */
export interface JournalPast {
  repetitionsDone: number;
  /** the commit each repetition was measured on */
  commits: string[];
  runs: { repetition: number; series: SeriesName; run: Run }[];
  large?: Run;
}

/**
 * Every run of a backfill benchmark, appended to a JSON-lines file as it ends. A benchmark whose
 * repetitions take hours can so be run in parts (`--journal F` again adds the repetitions still
 * missing), and a run that is cut short loses only the repetition it was in.
 */
export function openJournal(file: string, plan: Record<string, unknown>) {
  const past: JournalPast = { repetitionsDone: 0, commits: [], runs: [] };
  const commit = currentCommit();
  if (fs.existsSync(file)) {
    const entries = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry);
    const header = entries[0];
    if (!header || !('plan' in header) || JSON.stringify(header.plan) !== JSON.stringify(plan)) {
      throw new Error(`${file} was written by a benchmark of another plan (${JSON.stringify(header && 'plan' in header ? header.plan : null)}); start a new journal`);
    }
    const complete = new Map(entries.flatMap((e) => ('complete' in e ? [[e.repetition, e.commit] as const] : [])));
    while (complete.has(past.repetitionsDone + 1)) past.commits.push(complete.get(++past.repetitionsDone)!);
    const others = past.commits.filter((c) => c !== commit);
    if (others.length) console.warn(`note: ${others.length} repetition(s) of the journal were measured on another commit (${[...new Set(others)].join(', ')}; this is ${commit})`);
    for (const e of entries) {
      if ('run' in e && e.repetition <= past.repetitionsDone) past.runs.push(e);
      if ('large' in e) past.large = e.large;
    }
  } else {
    fs.writeFileSync(file, `${JSON.stringify({ plan })}\n`);
  }
  const append = (entry: Entry) => fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return {
    past,
    ran: (repetition: number, series: SeriesName, run: Run) => append({ repetition, series, run }),
    /** `cpuIndexMs`: what `cpuIndexMs()` measured as the repetition began */
    repetitionDone: (repetition: number, cpuIndexMs: number) => append({ repetition, complete: true, commit, cpuIndexMs }),
    ranLarge: (run: Run) => append({ large: run }),
  };
}

export type RunJournal = ReturnType<typeof openJournal>;

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

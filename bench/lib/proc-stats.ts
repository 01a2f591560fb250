import fs from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface StatLine {
  pid: number;
  ppid: number;
  /** user + system of the process itself, and of its children it has waited for */
  ownTicks: number;
  reapedTicks: number;
}

/** /proc/<pid>/stat; the command name may hold spaces, so fields are counted after its ')'. */
function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
  const n = (i: number) => Number(fields[i]);
  return { pid, ppid: n(1), ownTicks: n(11) + n(12), reapedTicks: n(13) + n(14) };
}

function allStats(): StatLine[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is StatLine => !!s);
}

/**
 * CPU seconds used so far by a process and every descendant, including descendants that have
 * exited and been reaped (PostgreSQL's backends come and go; their time moves to the postmaster).
 */
export function treeCpuSeconds(rootPid: number): number {
  const stats = allStats();
  const children = new Map<number, StatLine[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return 0;
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const s = stack.pop()!;
    ticks += s.ownTicks + s.reapedTicks;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** A set of named processes whose CPU is read before and after a measured run. */
export class CpuMeter {
  private start = new Map<string, number>();

  constructor(private readonly pids: Record<string, number>) {}

  begin(): void {
    this.start = new Map(Object.entries(this.pids).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  }

  /** CPU seconds per process since `begin`. */
  read(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, treeCpuSeconds(pid) - (this.start.get(name) ?? 0)]));
  }
}

import { fork } from 'node:child_process';
import path from 'node:path';
import { CpuMeter, memoryMb } from './proc-stats';
import type { PeerReport, PeerTask } from '../peers/peer-child';
import { withDeadline } from './project-sync';

export interface PeerRunResult {
  seconds: number;
  report: PeerReport;
  cpuSeconds: { peer: number; postgres: number; emulator: number };
  peakRssMb: number;
}

type Reply = { ready: true } | { report: PeerReport };

/**
 * Runs `dist/bench/peers/<script>.js` in a process of its own: set-up first (not timed), then the
 * copy, timed from `go` to its report, with its CPU, PostgreSQL's and the emulator's.
 */
export async function runPeerProcess(
  script: string, task: PeerTask, pids: { postgres: number; emulator: number }, timeoutMs: number,
): Promise<PeerRunResult> {
  const child = fork(path.join(__dirname, '..', 'peers', `${script}.js`), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: Reply[] = [];
  let notify: (() => void) | undefined;
  child.on('message', (m: Reply) => {
    replies.push(m);
    notify?.();
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`))));
  const next = async (): Promise<Reply> => {
    while (replies.length === 0) await Promise.race([new Promise<void>((r) => (notify = r)), exited]);
    return replies.shift()!;
  };
  try {
    child.send({ task });
    await withDeadline(next(), Date.now() + 120_000, `${script}'s set-up`);
    const meter = new CpuMeter({ peer: child.pid!, ...pids });
    meter.begin();
    const startedAt = Date.now();
    child.send({ go: true });
    const reply = await withDeadline(next(), startedAt + timeoutMs, script);
    const seconds = (Date.now() - startedAt) / 1000;
    const cpu = meter.read() as PeerRunResult['cpuSeconds'];
    const peakRssMb = memoryMb(child.pid!).peak;
    if (!('report' in reply)) throw new Error(`${script} answered out of turn`);
    return { seconds, report: reply.report, cpuSeconds: cpu, peakRssMb };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';
import { onCleanup } from './cleanup';

export interface LocalProcess {
  child: ReturnType<typeof spawn>;
  exited: Promise<number | null>;
  /** what it printed so far, stdout and stderr */
  output(): string;
}

/**
 * What `npm start` runs after its set-up: the whole stack with embedded defaults and demo data.
 * A test stops it (Ctrl-C) when it is done with it; one still running at the end is stopped then.
 */
export function startLocal(env: Record<string, string>): LocalProcess {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/bin/local.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    await exited;
  });
  return { child, exited, output: () => output };
}

/** Processes whose command line mentions `dir` (the stack's data directory). */
export const processesUsing = (dir: string): string[] =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir) && !line.includes('ps -eo'));

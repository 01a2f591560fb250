import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild } from '../../src/infra/child-process';
import { REPO_ROOT } from '../../src/infra/paths';
import { onCleanup } from '../../test/support/cleanup';
import { emulatorRequest } from '../../test/support/emulator';

/** `dist/src/bin/emulator.js` in a process of its own, so that its CPU is measured apart. */
export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** everything it printed on stdout so far */
  output(): string;
  /** A control-API call (`/_emulator/…`), failing loudly on a non-2xx answer. */
  control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface EmulatorProcessOptions {
  /** command-line arguments after the script (`--rate-limits off`, `--customers 20000`…) */
  args?: string[];
  /** Node flags for the emulator process (e.g. `--cpu-prof`) */
  nodeFlags?: string[];
  /** resolve only once stdout also matches this (e.g. a seeded account's key) */
  until?: RegExp;
}

export function spawnEmulator(opts: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const bin = path.join(REPO_ROOT, 'dist', 'src', 'bin', 'emulator.js');
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), bin, '--port', '0', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => stopChild(child);
  // Also stopped on an interrupted run, when the benchmark's own teardown never runs.
  onCleanup(stop);
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (!port || (opts.until && !opts.until.test(output))) return;
      const url = `http://127.0.0.1:${port}`;
      resolve({
        child,
        url,
        port: Number(port),
        output: () => output,
        control: (method, route, body) => emulatorRequest(url, method, route, body),
        stop,
      });
    });
  });
}

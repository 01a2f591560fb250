import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';

/**
 * A benchmark started as `runMain` would, owning one service process (a stand-in for its
 * PostgreSQL or Temporal server), that prints the service's pid and then runs until stopped,
 * or throws at once.
 */
function benchmarkScript(ending: 'runs' | 'throws'): string {
  const lib = (p: string) => JSON.stringify(path.join(REPO_ROOT, 'dist', p));
  return `
    const { spawn } = require('node:child_process');
    const { onCleanup } = require(${lib('test/support/cleanup.js')});
    const { stopChild } = require(${lib('src/infra/child-process.js')});
    const { runMain } = require(${lib('bench/lib/run-main.js')});
    runMain(async () => {
      const service = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      onCleanup(() => stopChild(service));
      console.log('service ' + service.pid);
      ${ending === 'throws' ? "throw new Error('the benchmark failed');" : 'await new Promise(() => setInterval(() => {}, 1000));'}
    });`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runBenchmark(ending: 'runs' | 'throws', signal?: NodeJS.Signals): Promise<{ code: number | null; servicePid: number; stderr: string }> {
  const child = spawn(process.execPath, ['-e', benchmarkScript(ending)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the pid line must have been read before a quick failure counts as an early exit.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const servicePid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const pid = /service (\d+)/.exec(out)?.[1];
      if (pid) resolve(Number(pid));
    });
    void exited.then(() => reject(new Error(`the benchmark exited before it started its service: ${stderr}`)));
  });
  if (signal) child.kill(signal);
  return { code: await exited, servicePid, stderr };
}

describe('a benchmark process (bench/lib/run-main)', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`stops what it started when it gets ${signal}, and exits ${code}`, async () => {
      const run = await runBenchmark('runs', signal);
      assert.equal(run.code, code);
      assert.equal(alive(run.servicePid), false, 'its service process is still running');
      assert.match(run.stderr, new RegExp(`${signal}: stopping what the benchmark started`));
    });
  }

  it('stops what it started when it fails, and exits 1 with the error', async () => {
    const run = await runBenchmark('throws');
    assert.equal(run.code, 1);
    assert.equal(alive(run.servicePid), false, 'its service process is still running');
    assert.match(run.stderr, /the benchmark failed/);
  });
});

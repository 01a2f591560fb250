import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/infra/free-port';
import { REPO_ROOT } from '../../src/infra/paths';
import { tempDir, waitFor } from '../support/services';

/** What `npm start` runs after its set-up: the whole stack with embedded defaults and demo data. */
function startLocal(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/bin/local.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const processesUsing = (dir: string): string[] =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir) && !line.includes('ps -eo'));

describe('npm start (the local stack)', function () {
  this.timeout(240_000);
  let running: ReturnType<typeof startLocal> | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
  });

  it('reaches ready with a demo project, stops cleanly on Ctrl-C, and keeps its data', async () => {
    const dataDir = tempDir('local');
    const port = await freePort();
    const uiPort = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), APP_URL: `http://localhost:${port}`, TEMPORAL_UI_PORT: String(uiPort) };

    running = startLocal(env);
    const first = running;
    await waitFor(() => first.output().includes('is ready') || first.child.exitCode !== null, { timeoutMs: 180_000, what: 'ready' });
    assert.match(first.output(), /is ready/, first.output());
    const settingsUrl = /Settings → Integrations\s+(\S+)/.exec(first.output())![1]!;
    const apiKey = /Sign-in API key\s+(\S+)/.exec(first.output())![1]!;

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { postgres: { ok: boolean }; temporal: { ok: boolean } };
    assert.equal(body.postgres.ok, true);
    assert.equal(body.temporal.ok, true);
    const settings = await fetch(settingsUrl.replace('localhost', '127.0.0.1'), { redirect: 'manual' });
    assert.ok([200, 302, 303].includes(settings.status), `settings answered ${settings.status}`);
    assert.equal((await fetch(`http://127.0.0.1:${uiPort}/`)).status, 200, 'Temporal Web UI');
    const automations = await fetch(`http://127.0.0.1:${port}/api/v1/automations`, { headers: { authorization: `Bearer ${apiKey}` } });
    const { data } = (await automations.json()) as { data: { id: string; enabled: boolean }[] };
    assert.deepEqual(data.filter((a) => a.enabled).map((a) => a.id).sort(), ['dunning', 'refund-alert', 'trial-ending', 'win-back'], 'the built-ins are on for the demo');

    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0);
    await waitFor(() => processesUsing(dataDir).length === 0, { timeoutMs: 20_000, what: 'no process left behind' });

    running = startLocal(env);
    const second = running;
    await waitFor(() => second.output().includes('is ready') || second.child.exitCode !== null, { timeoutMs: 120_000, what: 'second ready' });
    assert.ok(second.output().includes(settingsUrl), 'the demo project changed across restarts');
    assert.ok(second.output().includes(apiKey));
    assert.ok(!second.output().includes('demo project created'));
    assert.ok(!second.output().includes('automations switched on'), 'the demo switched its automations on again');
  });
});

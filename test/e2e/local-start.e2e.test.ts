import assert from 'node:assert/strict';
import { freePort } from '../../src/infra/free-port';
import { processesUsing, startLocal } from '../support/local-process';
import { tempDir, waitFor } from '../support/services';

describe('npm start (the local stack)', function () {
  this.timeout(240_000);
  it('reaches ready with a demo project, stops cleanly on Ctrl-C, and keeps its data', async () => {
    const dataDir = tempDir('local');
    const port = await freePort();
    const uiPort = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), APP_URL: `http://localhost:${port}`, TEMPORAL_UI_PORT: String(uiPort) };

    const first = startLocal(env);
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

    const second = startLocal(env);
    await waitFor(() => second.output().includes('is ready') || second.child.exitCode !== null, { timeoutMs: 120_000, what: 'second ready' });
    assert.ok(second.output().includes(settingsUrl), 'the demo project changed across restarts');
    assert.ok(second.output().includes(apiKey));
    assert.ok(!second.output().includes('demo project created'));
    assert.ok(!second.output().includes('automations switched on'), 'the demo switched its automations on again');
  });
});

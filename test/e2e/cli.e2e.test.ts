import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createProjectStore } from '../../src/db/project-store';
import { REPO_ROOT } from '../../src/infra/paths';
import { createTestDb } from '../support/postgres';

const run = promisify(execFile);

describe('command-line tool', () => {
  const cli = path.join(REPO_ROOT, 'dist/src/bin/cli.js');

  it('creates, lists and rotates project keys; keys are shown once and stored hashed', async () => {
    const { db, url } = await createTestDb();
    const env = { PATH: process.env.PATH, DATABASE_URL: url };
    const created = JSON.parse((await run(process.execPath, [cli, 'projects', 'create', '--name', 'Acme'], { env })).stdout);
    assert.match(created.id, /^proj_/);
    assert.match(created.apiKey, /^sek_/);
    assert.equal(await db('api_keys').where('key_hash', created.apiKey).first(), undefined, 'stored in clear');

    const listed = JSON.parse((await run(process.execPath, [cli, 'projects', 'list'], { env })).stdout);
    assert.ok(listed.some((p: { id: string; name: string }) => p.id === created.id && p.name === 'Acme'));

    const projects = createProjectStore(db);
    assert.equal((await projects.findByApiKey(created.apiKey))?.id, created.id);
    const rotated = JSON.parse((await run(process.execPath, [cli, 'projects', 'rotate-key', created.id], { env })).stdout);
    assert.notEqual(rotated.apiKey, created.apiKey);
    assert.equal(await projects.findByApiKey(created.apiKey), undefined, 'old key still works');
    assert.equal((await projects.findByApiKey(rotated.apiKey))?.id, created.id);
  });

  it('explains its usage on a wrong command', async () => {
    await assert.rejects(run(process.execPath, [cli, 'projects', 'explode'], { env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://x@127.0.0.1:1/x' } }),
      (err: { stderr: string }) => /usage: npm run cli/.test(err.stderr));
  });

  it('prints the search-attribute commands for a cluster and for Temporal Cloud', async () => {
    const { stdout } = await run(process.execPath, [cli, 'temporal', 'search-attributes'], { env: { PATH: process.env.PATH } });
    assert.match(stdout, /temporal operator search-attribute create --namespace default --name StripeAccountId --type Keyword/);
    const cloud = await run(process.execPath, [cli, 'temporal', 'search-attributes', '--cloud', '--namespace', 'prod.a1b2c'], { env: { PATH: process.env.PATH } });
    assert.match(cloud.stdout, /tcld namespace search-attributes add --namespace prod\.a1b2c --search-attribute "ConnectionStatus=Keyword"/);
  });
});

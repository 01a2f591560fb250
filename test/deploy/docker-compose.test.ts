import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS } from '../../src/config';
import { REPO_ROOT } from '../../src/infra/paths';
import { searchAttributeCliSpecs } from '../../src/temporal/search-attributes';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  expose?: string[];
}

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('deployment files agree with the configuration', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;

  it('has postgres, a Temporal server on PostgreSQL, its UI, the api and the worker', () => {
    for (const name of ['postgres', 'temporal', 'temporal-init', 'temporal-ui', 'api', 'worker']) {
      assert.ok(services[name], `service ${name} missing`);
    }
    assert.equal(services.temporal!.environment!.DB, 'postgres12');
    assert.equal(services.temporal!.environment!.POSTGRES_SEEDS, 'postgres');
    assert.deepEqual(services.api!.command, ['node', 'dist/src/bin/api.js']);
    assert.deepEqual(services.worker!.command, ['node', 'dist/src/bin/worker.js']);
  });

  it('gives the app only variables the config knows, and all the ones it requires', () => {
    for (const name of ['api', 'worker']) {
      const env = services[name]!.environment!;
      for (const key of Object.keys(env)) assert.ok((CONFIG_ENV_VARS as string[]).includes(key), `${name}: unknown ${key}`);
      for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ENCRYPTION_KEY', 'APP_URL']) assert.ok(env[key] !== undefined, `${name}: ${key} missing`);
      assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
      assert.match(String(env.DATABASE_URL), /@postgres:5432\//);
    }
  });

  it('publishes the API on PORT and the Temporal UI on 8233', () => {
    const port = services.api!.environment!.PORT;
    assert.deepEqual(services.api!.ports, [`${port}:${port}`]);
    assert.ok(services['temporal-ui']!.ports!.some((p) => p.startsWith('8233:')));
    assert.ok(services.temporal!.ports!.includes('7233:7233'));
  });

  it('serves the metrics inside the compose network only, never on the API port', () => {
    for (const name of ['api', 'worker']) {
      const { environment: env, ports = [], expose = [] } = services[name]!;
      assert.notEqual(String(env!.METRICS_PORT), String(env!.PORT), `${name}: metrics on the API port`);
      assert.ok(expose.includes(String(env!.METRICS_PORT)), `${name}: /metrics not exposed to the network`);
      assert.ok(!ports.some((p) => p.includes(String(env!.METRICS_PORT))), `${name}: /metrics published on the host`);
    }
    assert.ok(services.worker!.expose!.includes(String(services.worker!.environment!.TEMPORAL_METRICS_PORT)), 'the SDK metrics of the worker');
  });

  it('registers exactly the search attributes of the registry', () => {
    const script = services['temporal-init']!.command!.join(' ');
    const created = [...script.matchAll(/--name (\w+) --type (\w+)/g)].map((m) => ({ name: m[1], type: m[2] }));
    assert.deepEqual(created, searchAttributeCliSpecs());
  });

  it('documents every variable in .env.example and in the configuration table', () => {
    const example = read('.env.example');
    const table = read('docs/configuration.md');
    for (const key of CONFIG_ENV_VARS) {
      assert.match(example, new RegExp(`^${key}=`, 'm'), `.env.example lacks ${key}`);
      assert.match(table, new RegExp(`^\\| \`${key}\``, 'm'), `docs/configuration.md lacks ${key}`);
    }
  });
});

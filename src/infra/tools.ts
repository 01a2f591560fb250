import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from './paths';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_WRAPPER = path.join(TOOLS_DIR, 'bin', 'temporal-test-server');

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** TEMPORAL_CLI, else `temporal` on PATH, else .tools/bin/temporal; undefined when none exists yet. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) throw new Error(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file`);
    return env.TEMPORAL_CLI;
  }
  const local = path.join(TOOLS_DIR, 'bin', 'temporal');
  return onPath('temporal') ?? (isExecutable(local) ? local : undefined);
}

/** Finds the CLI or builds it from the Go module proxy into .tools/bin (minutes on a cold cache). */
export function ensureTemporalCli(log: (line: string) => void): string {
  const found = findTemporalCli();
  if (found) return found;
  const gobin = path.join(TOOLS_DIR, 'bin');
  fs.mkdirSync(gobin, { recursive: true });
  const cmd = `go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
  log(`Temporal CLI not found: building it once with \`GOBIN=${gobin} ${cmd}\` (takes a few minutes the first time)…`);
  const res = spawnSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    stdio: 'inherit',
  });
  if (res.error || res.status !== 0) {
    throw new Error(`building the Temporal CLI failed (${res.error?.message ?? `exit ${res.status}`}); install Go ≥ 1.25 or set TEMPORAL_CLI`);
  }
  const built = path.join(gobin, 'temporal');
  log(`Temporal CLI built: ${execFileSync(built, ['--version']).toString().trim()}`);
  return built;
}

/** Temporal's Java time-skipping test server, fetched from Maven Central into .tools/ with its jars. */
export function ensureTimeSkippingServer(log: (line: string) => void, pomDir: string): string {
  const jarsDir = path.join(TOOLS_DIR, 'temporal-test-server', 'jars');
  const haveJars = fs.existsSync(jarsDir) && fs.readdirSync(jarsDir).some((f) => f.startsWith('temporal-test-server-'));
  if (!haveJars) {
    log('Fetching Temporal\'s Java time-skipping test server and its jars from Maven Central into .tools/ …');
    const res = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${jarsDir}`], {
      cwd: pomDir,
      stdio: 'inherit',
    });
    if (res.error || res.status !== 0) throw new Error(`mvn failed (${res.error?.message ?? `exit ${res.status}`}): Java 17 and Maven are needed for the time-skipping tests`);
  }
  fs.mkdirSync(path.dirname(TEST_SERVER_WRAPPER), { recursive: true });
  // `exec` so that the SDK's kill reaches the JVM itself; the jars are found next to the script, so a
  // .tools/ shared between checkouts (a symlink) works from each of them.
  const jars = `"$(dirname "$0")/${path.relative(path.dirname(TEST_SERVER_WRAPPER), jarsDir)}/*"`;
  fs.writeFileSync(TEST_SERVER_WRAPPER, `#!/bin/sh\nexec java -cp ${jars} io.temporal.testserver.TestServer "$@"\n`, { mode: 0o755 });
  return TEST_SERVER_WRAPPER;
}

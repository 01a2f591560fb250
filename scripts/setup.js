#!/usr/bin/env node
// Set-up shared by `npm start`, `npm test` and `npm run emulator`, safe to run every time:
// install dependencies when package-lock.json changed, compile TypeScript, then provision the
// tools (Temporal CLI built once into .tools/, the workflow bundle; with --test also Temporal's Java
// time-skipping server and Chromium). Plain Node: it must run before node_modules exists.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const say = (line) => { if (!quiet) console.log(`[setup] ${line}`); };

function run(cmd, cmdArgs, what) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (res.error || res.status !== 0) {
    console.error(`[setup] ${what} failed (${res.error ? res.error.message : `exit ${res.status}`})`);
    process.exit(1);
  }
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`[setup] Node.js >= 20 is required (found ${process.version})`);
  process.exit(1);
}

const lock = fs.readFileSync(path.join(root, 'package-lock.json'));
const lockHash = crypto.createHash('sha256').update(lock).digest('hex');
const stamp = path.join(root, 'node_modules', '.setup-lock-hash');
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== lockHash) {
  say('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
  fs.writeFileSync(stamp, lockHash);
}

// tsc never deletes output whose source was moved or removed; a stale *.test.js would still run.
function pruneStaleOutput(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      pruneStaleOutput(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    const match = /^(.*)\.js(\.map)?$/.exec(path.relative(path.join(root, 'dist'), full));
    if (match && !fs.existsSync(path.join(root, `${match[1]}.ts`))) fs.rmSync(full);
  }
}
for (const top of ['src', 'test', 'bench']) pruneStaleOutput(path.join(root, 'dist', top));

say('compiling TypeScript…');
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], 'tsc');

run(process.execPath, [path.join(root, 'dist', 'src', 'bin', 'provision.js'), ...args], 'provisioning');

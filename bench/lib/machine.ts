import fs from 'node:fs';
import os from 'node:os';

/** What every result is recorded with: the machine it ran on and how busy it was. */
export interface MachineInfo {
  nproc: number;
  memoryGb: number;
  cpuModel: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    memoryGb: +(os.totalmem() / 1024 ** 3).toFixed(1),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
  };
}

/** `uptime`'s 1, 5 and 15 minute load averages: the machine is shared, so each figure carries them. */
export function loadAverages(): [number, number, number] {
  const [one, five, fifteen] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one!, five!, fifteen!];
}

/**
 * The CPU time, in ms, of a fixed piece of work like the worker's (serialising and parsing pages of
 * objects). Hosts differ in what a CPU second does, so every repetition records it: figures taken
 * on different days compare only beside it. CPU time, not wall time, so the machine's load
 * changes it little.
 */
export function cpuIndexMs(): number {
  const page = Array.from({ length: 100 }, (_, i) => ({
    id: `cus_${i.toString(36).padStart(14, '0')}`, object: 'customer', created: 1_700_000_000 + i, email: `someone${i}@example.com`,
    metadata: { plan: 'pro', seats: String(i % 17) }, address: { city: 'Lisbon', country: 'PT', line1: `${i} Rua Augusta` },
  }));
  const started = process.cpuUsage();
  let parsed = 0;
  for (let round = 0; round < 2_000; round++) parsed += (JSON.parse(JSON.stringify({ data: page, round })) as { data: unknown[] }).data.length;
  const used = process.cpuUsage(started);
  if (parsed !== 200_000) throw new Error('cpuIndexMs: the work was not done');
  return Math.round((used.user + used.system) / 1000);
}

export const describeMachine = (m: MachineInfo) => `${m.nproc} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}`;

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

export const describeMachine = (m: MachineInfo) => `${m.nproc} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}`;

import type { Run } from './contenders';
import { median } from './bounds';

/** A markdown table from a header row and body rows. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const percent = (ratio: number) => `${fixed(ratio * 100)} %`;
export const load = (runs: Run[]) => runs.map((r) => r.loadAverage[0].toFixed(1)).join(' / ');

/** The median of a figure over repetitions, with its spread. */
export function medianOf(values: number[], format: (n: number) => string): string {
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

export const objectsPerSecondOf = (run: Run) => run.objects / run.seconds;

export const cpuPerThousand = (run: Run, processes: string[]) =>
  (processes.reduce((sum, p) => sum + (run.cpuSeconds[p] ?? 0), 0) * 1000) / run.objects;

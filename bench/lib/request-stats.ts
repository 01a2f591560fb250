import type { EmulatorProcess } from './emulator-process';

interface LoggedRequest { path: string; time: number; status: number; endpoint: string | null }

/** What the emulator saw of one account since `since`: requests, refusals, and the busiest second. */
export interface RequestStats {
  requests: number;
  rateLimited: number;
  busiestSecond: number;
  /** requests ÷ the seconds between the first and the last */
  meanPerSecond: number;
}

export async function requestStats(emulator: EmulatorProcess, accountId: string, since: number): Promise<RequestStats> {
  const { data } = await emulator.control<{ data: LoggedRequest[] }>('GET', `/_emulator/requests?since=${since}&account=${accountId}`);
  const api = data.filter((r) => r.path.startsWith('/v1/'));
  const perSecond = new Map<number, number>();
  for (const r of api) perSecond.set(Math.floor(r.time / 1000), (perSecond.get(Math.floor(r.time / 1000)) ?? 0) + 1);
  const span = api.length > 1 ? (api[api.length - 1]!.time - api[0]!.time) / 1000 : 0;
  return {
    requests: api.length,
    rateLimited: api.filter((r) => r.status === 429).length,
    busiestSecond: Math.max(0, ...perSecond.values()),
    meanPerSecond: span > 0 ? api.length / span : 0,
  };
}

import type { ConnectionView } from '../../src/api/presenters/connection';
import type { StripeObjectType } from '../../src/domain/sync-slices';

/** What a user's settings page showed at one moment: the API's view of the sync. */
export interface ProgressSample {
  /** seconds since the connect */
  at: number;
  phase: string;
  counts: Partial<Record<StripeObjectType, number>>;
  totals: Partial<Record<StripeObjectType, number>>;
  etaSeconds: number | null;
}

/**
 * Polls the API's integration status every second (as the settings page does) until `done`
 * settles, recording what it showed; bounded by `timeoutMs`.
 */
export async function sampleProgress(opts: {
  apiUrl: string;
  apiKey: string;
  startedAt: number;
  done: Promise<unknown>;
  timeoutMs: number;
}): Promise<ProgressSample[]> {
  const samples: ProgressSample[] = [];
  let settled = false;
  void opts.done.then(() => (settled = true), () => (settled = true));
  const deadline = Date.now() + opts.timeoutMs;
  while (!settled && Date.now() < deadline) {
    const res = await fetch(`${opts.apiUrl}/api/v1/integrations/stripe`, { headers: { authorization: `Bearer ${opts.apiKey}` } });
    if (res.ok) {
      const { data } = (await res.json()) as { data: ConnectionView[] };
      const sync = data[0]?.sync;
      if (sync) {
        samples.push({ at: (Date.now() - opts.startedAt) / 1000, phase: sync.phase, counts: sync.counts, totals: sync.totals, etaSeconds: sync.etaSeconds });
      }
    }
    await Promise.race([opts.done.catch(() => undefined), new Promise((r) => setTimeout(r, 1_000))]);
  }
  return samples;
}

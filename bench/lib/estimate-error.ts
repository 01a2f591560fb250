import type { StripeObjectType } from '../../src/domain/sync-slices';
import type { ProgressSample } from './progress-samples';

export interface EstimateError {
  /** share of the sync's time */
  at: number;
  /** (estimated total − final count) ÷ final count, per type; null while the API had none */
  totals: Partial<Record<StripeObjectType, number | null>>;
  /** (ETA − time actually left) ÷ time actually left; null while the API showed none */
  eta: number | null;
}

/** How far off the progress a user saw was, at given shares of the sync's time. */
export function estimateErrors(
  samples: ProgressSample[], finals: Record<StripeObjectType, number>, seconds: number, shares = [0.1, 0.25, 0.5],
): EstimateError[] {
  return shares.map((share) => {
    const sample = samples.find((s) => s.at >= share * seconds) ?? samples[samples.length - 1];
    const totals: EstimateError['totals'] = {};
    for (const type of Object.keys(finals) as StripeObjectType[]) {
      const estimate = sample?.totals[type];
      // the API shows no total while it is 0 (not yet estimated)
      totals[type] = typeof estimate === 'number' && estimate > 0 ? estimate / finals[type] - 1 : null;
    }
    const left = sample ? seconds - sample.at : 0;
    const eta = sample?.etaSeconds ?? null;
    return { at: share, totals, eta: eta === null || left <= 0 ? null : eta / left - 1 };
  });
}

/**
 * How big each fault suite runs. `npm test` runs the quick form (every row, small datasets, so CI
 * runs them on every change); `npm run test:faults` sets FAULTS=full and runs the sizes that
 * docs/reliability.md reports. A row reads only its own entry: `faultScale('webhookStorm')`.
 */
export type FaultForm = 'quick' | 'full';

interface RowScale {
  /** the mocha timeout of the row's longest test, in ms */
  timeoutMs: number;
}

const SCALES = {
  /**
   * R1: a backfill of `customers` seeded customers (with a subscription and two charges each), read
   * at `budget` requests a second, while Stripe activity goes on every `activityEveryMs`
   */
  crashRestart: {
    quick: { timeoutMs: 420_000, customers: 1_000, budget: 3, activityEveryMs: 300 },
    full: { timeoutMs: 2_400_000, customers: 12_500, budget: 10, activityEveryMs: 250 },
  },
  /** R2: a first sync while the emulator answers 429s, 500s, resets and stalls */
  emulatorFaults: {
    quick: { timeoutMs: 240_000, customers: 1_000, stallMs: 1_500 },
    full: { timeoutMs: 1_200_000, customers: 5_000, stallMs: 5_000 },
  },
  /** R3: signed, duplicated, shuffled and hostile webhooks */
  webhookStorm: {
    quick: { timeoutMs: 240_000, deliveries: 500 },
    full: { timeoutMs: 1_800_000, deliveries: 5_000 },
  },
  /** R4: OAuth and install abuse (the same size in both forms: it is about every case, not volume) */
  oauthAbuse: {
    quick: { timeoutMs: 180_000 },
    full: { timeoutMs: 180_000 },
  },
  /** R5: tenancy and secrets (the same size in both forms: it is about every route, not volume) */
  tenancy: {
    quick: { timeoutMs: 180_000, customers: 3 },
    full: { timeoutMs: 180_000, customers: 3 },
  },
  /** R6: hostile input to every route */
  badInput: {
    quick: { timeoutMs: 180_000 },
    full: { timeoutMs: 180_000 },
  },
} satisfies Record<string, Record<FaultForm, RowScale & Record<string, number>>>;

export type FaultRow = keyof typeof SCALES;

export function faultForm(env: NodeJS.ProcessEnv = process.env): FaultForm {
  const form = env.FAULTS ?? 'quick';
  if (form !== 'quick' && form !== 'full') throw new Error(`FAULTS must be "quick" or "full", not "${form}"`);
  return form;
}

export const faultScale = <R extends FaultRow>(row: R): (typeof SCALES)[R][FaultForm] => SCALES[row][faultForm()];

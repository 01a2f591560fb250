import { html, type SafeHtml } from './html';

/** Badge tones (classes of the stylesheet) for the states of runs, their steps and emails. */
const TONES: Record<string, string> = {
  completed: 'active', done: 'active', sent: 'active', matched: 'active',
  running: 'syncing', waiting: 'syncing', outbox: 'syncing', queued: 'syncing',
  retried: 'test',
  pending: 'muted', canceled: 'muted', suppressed: 'muted', skipped: 'muted', 'timed out': 'muted',
  failed: 'error', refused: 'error',
};

const label = (state: string) => state.charAt(0).toUpperCase() + state.slice(1);

/** A run's, a step's or an email's state as a coloured badge. */
export const stateBadge = (state: string): SafeHtml =>
  html`<span class="badge ${TONES[state] ?? 'muted'}" data-state="${state}">${label(state)}</span>`;

/** Marks what a test-mode event set off: its emails stay in the outbox unless the project opted in. */
export const testBadge = (testMode: boolean): SafeHtml | '' =>
  testMode ? html`<span class="badge test" data-test-mode title="Triggered by a test-mode Stripe event">Test</span>` : '';

export const onOffBadge = (enabled: boolean): SafeHtml =>
  html`<span class="badge ${enabled ? 'active' : 'muted'}" data-enabled="${String(enabled)}">${enabled ? 'On' : 'Off'}</span>`;

/** What Stripe (the emulator) sent to a webhook endpoint, as `/_emulator/webhooks/deliveries` records it. */
import type { TestEmulator } from '../../support/emulator';
import { waitFor } from '../../support/wait';

export interface WebhookDelivery {
  id: string;
  endpoint: string;
  event: string;
  type: string;
  attempts: number;
  state: 'pending' | 'succeeded' | 'failed';
  lastStatus: number | null;
  lastError: string | null;
}

export async function deliveriesTo(emulator: TestEmulator, endpointId: string): Promise<WebhookDelivery[]> {
  return (await emulator.get<{ data: WebhookDelivery[] }>(`/_emulator/webhooks/deliveries?endpoint=${endpointId}`)).data;
}

/**
 * Waits until Stripe has tried, and failed, to deliver each of these events to the endpoint, and
 * is waiting to retry: the proof that deliveries were refused while a part was down.
 */
export async function untilRetrying(emulator: TestEmulator, endpointId: string, eventIds: string[], timeoutMs = 60_000): Promise<WebhookDelivery[]> {
  const wanted = new Set(eventIds);
  return waitFor(async () => {
    const mine = (await deliveriesTo(emulator, endpointId)).filter((d) => wanted.has(d.event));
    return mine.length > 0 && mine.every((d) => d.state === 'pending' && d.attempts >= 1) && mine;
  }, { what: `Stripe retrying ${eventIds.length} events`, timeoutMs, intervalMs: 100 });
}

/** Waits until Stripe has no delivery to the endpoint left to retry, and returns them all. */
export async function untilAllDelivered(emulator: TestEmulator, endpointId: string, timeoutMs: number): Promise<WebhookDelivery[]> {
  return waitFor(async () => {
    const all = await deliveriesTo(emulator, endpointId);
    return all.every((d) => d.state !== 'pending') && all;
  }, { what: 'every webhook delivery answered', timeoutMs, intervalMs: 500 });
}

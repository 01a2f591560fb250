import type { StripeEventEnvelope } from '../../../src/domain/stripe-events';
import type { SeededRandom } from '../../../src/stripe-emulator/seed/random';
import type { TestEmulator } from '../../support/emulator';

interface Triggered { object: { id: string; charge?: { id: string } }; events: string[] }

/**
 * What one customer does in Stripe: nothing more, a failed charge, a paid one, or a paid one that
 * is refunded in full (between 50 and 300 dollars, so some refunds are large and some are not).
 */
const STORIES = ['customer only', 'failed charge', 'paid charge', 'refunded charge'] as const;

/**
 * Makes customers and charges in an emulator account (through its control API, as the merchant's
 * activity would) until Stripe has recorded `events` events; returns exactly that many of them,
 * as Stripe renders them. Customers are `<tag>.<n>@storm.example`.
 */
export async function stripeActivity(emulator: TestEmulator, accountId: string, opts: { events: number; tag: string; random: SeededRandom }): Promise<StripeEventEnvelope[]> {
  const trigger = (action: string, params: Record<string, unknown>) =>
    emulator.control<Triggered>(`/_emulator/accounts/${accountId}/trigger`, { action, ...params });
  const ids: string[] = [];
  for (let n = 0; ids.length < opts.events; n++) {
    const customer = await trigger('customer.create', { email: `${opts.tag}.${n}@storm.example`, name: `Storm Customer ${n}` });
    ids.push(...customer.events);
    const story = opts.random.pick(STORIES);
    const amount = opts.random.int(50, 300) * 100;
    if (story === 'failed charge') ids.push(...(await trigger('charge.fail', { customer: customer.object.id, amount })).events);
    if (story === 'paid charge' || story === 'refunded charge') {
      const paid = await trigger('charge.succeed', { customer: customer.object.id, amount });
      ids.push(...paid.events);
      if (story === 'refunded charge') ids.push(...(await trigger('charge.refund', { charge: paid.object.id })).events);
    }
  }
  const wanted = new Set(ids.slice(0, opts.events));
  const { data } = await emulator.get<{ data: StripeEventEnvelope[] }>(`/_emulator/accounts/${accountId}/objects?type=events`);
  const events = data.filter((e) => wanted.has(e.id));
  if (events.length !== wanted.size) throw new Error(`the emulator lists ${events.length} of the ${wanted.size} events it sent`);
  return events;
}

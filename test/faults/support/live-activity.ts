/**
 * What a merchant's customers keep doing in Stripe while a backfill runs: new customers (some of
 * them subscribing), changes to customers old and new, paid, failed and refunded charges, plan
 * switches and cancellations. Each goes through the emulator's triggers, so Stripe records its
 * real events and sends them, signed, to the webhook endpoints.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SeededRandom } from '../../../src/stripe-emulator/seed/random';
import type { TestEmulator } from '../../support/emulator';

interface Triggered { object: { id: string; status?: string }; events: string[] }

const ACTIONS = ['new customer', 'customer changes', 'paid charge', 'failed charge', 'refund', 'plan switch', 'cancellation'] as const;
type Action = (typeof ACTIONS)[number];

export interface LiveActivity {
  /** one more thing happens in Stripe; resolves once Stripe has recorded it */
  step(): Promise<void>;
  /** `n` things in a row (what happens while a part of the product is down) */
  burst(n: number): Promise<string[]>;
  /** things keep happening, one every `everyMs`, until `stop` */
  flow(everyMs: number): void;
  /** ends the flow; throws what a trigger threw, if one did */
  stop(): Promise<void>;
  /** how many of each action happened */
  readonly done: Record<Action, number>;
  /** the ids of the events Stripe recorded for them */
  readonly events: string[];
}

export function liveActivity(emulator: TestEmulator, accountId: string, opts: {
  random: SeededRandom;
  /** customers and active subscriptions that exist already (the seeded ones) */
  customers: string[];
  subscriptions: string[];
}): LiveActivity {
  const { random } = opts;
  const customers = [...opts.customers];
  const subscriptions = [...opts.subscriptions];
  const paidCharges: string[] = [];
  const done = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  const events: string[] = [];
  let created = 0;

  const trigger = async (action: string, params: Record<string, unknown>) => {
    const out = await emulator.control<Triggered>(`/_emulator/accounts/${accountId}/trigger`, { action, ...params });
    events.push(...out.events);
    return out.object;
  };
  const take = (list: string[]) => list.splice(random.int(0, list.length - 1), 1)[0]!;
  // between 50 and 300 dollars, so that some refunds reach the refund alert's minimum and some do not
  const amount = () => random.int(50, 300) * 100;

  const perform: Record<Action, () => Promise<unknown>> = {
    'new customer': async () => {
      const n = created++;
      const customer = await trigger('customer.create', { email: `live.${n}@crash.example`, name: `Live Customer ${n}` });
      customers.push(customer.id);
      if (random.int(0, 2) === 0) subscriptions.push((await trigger('subscription.create', { customer: customer.id })).id);
    },
    'customer changes': () => trigger('customer.update', {
      customer: random.pick(customers), name: `Renamed ${random.digits(6)}`, metadata: { tier: random.pick(['gold', 'silver', 'bronze']) },
    }),
    'paid charge': async () => paidCharges.push((await trigger('charge.succeed', { customer: random.pick(customers), amount: amount() })).id),
    'failed charge': () => trigger('charge.fail', { customer: random.pick(customers), amount: amount() }),
    refund: async () => {
      if (!paidCharges.length) await perform['paid charge']();
      return trigger('charge.refund', { charge: take(paidCharges) });
    },
    'plan switch': () => trigger('subscription.switch_plan', { subscription: random.pick(subscriptions) }),
    cancellation: () => trigger('subscription.cancel', { subscription: take(subscriptions) }),
  };

  const step = async () => {
    let action = random.pick(ACTIONS);
    if ((action === 'plan switch' || action === 'cancellation') && subscriptions.length < 2) action = 'new customer';
    await perform[action]();
    done[action]++;
  };

  let flowing: Promise<void> | undefined;
  let stopped = false;
  return {
    step,
    async burst(n) {
      const from = events.length;
      for (let i = 0; i < n; i++) await step();
      return events.slice(from);
    },
    flow(everyMs) {
      flowing = (async () => {
        // a steady rate of activity, as customers make it: the pace is the load, not a wait for anything
        while (!stopped) {
          await step();
          await delay(everyMs);
        }
      })();
      flowing.catch(() => undefined);
    },
    async stop() {
      stopped = true;
      await flowing;
    },
    done,
    events,
  };
}

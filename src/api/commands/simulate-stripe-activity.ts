import type { MirroredObject } from '../../db/customer-billing-read-model';
import type { LinkedCustomer } from '../../db/linked-customer-read-model';
import type { StripeConnection } from '../../domain/connection';
import { DomainError } from '../../domain/errors';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';

/** What the demo can make happen in the connected (emulated) Stripe account, and its label. */
export const SIMULATIONS = {
  'customer.create': 'New customer',
  'subscription.create': 'Subscription created',
  'subscription.switch_plan': 'Plan switched',
  'subscription.cancel': 'Subscription canceled',
  'subscription.trial_will_end': 'Trial ending',
  'charge.succeed': 'Charge succeeded',
  'charge.fail': 'Charge failed',
  'charge.refund': 'Charge refunded',
  'invoice.upcoming': 'Upcoming invoice',
} as const;

export type SimulatedAction = keyof typeof SIMULATIONS;
export const SIMULATED_ACTIONS = Object.keys(SIMULATIONS) as [SimulatedAction, ...SimulatedAction[]];

export interface Simulated {
  action: SimulatedAction;
  /** the Stripe object the action changed (the new customer, the subscription, the charge) */
  objectId: string;
  /** whose it was: a profile that exists already, or the new customer's email */
  profileId: string | null;
  email: string | null;
}

type Deps = Pick<ApiDeps, 'config' | 'connections' | 'billing' | 'linkedCustomers'>;
type Trigger = (action: string, params: Record<string, unknown>) => Promise<{ id: string; email?: string | null }>;

/** The emulator's answer to a trigger: the object changed (a refund answers `{charge, refund}`). */
interface TriggerAnswer { object: { id?: string; email?: string | null; charge?: { id: string } } }

/** A trial long enough that creating it sends no trial_will_end of its own. */
const TRIAL_DAYS = 14;
const LIVE_SUBSCRIPTION = ['active', 'trialing', 'past_due'];

/**
 * The emulator's control API for the connection's account: it performs the change as Stripe would
 * and sends its signed webhooks, which reach the product like any others.
 */
function emulatorTrigger(apiUrl: string, connection: StripeConnection): Trigger {
  const url = `${apiUrl}/_emulator/accounts/${encodeURIComponent(connection.stripeAccountId)}/trigger`;
  return async (action, params) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, livemode: connection.livemode, ...params }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new DomainError('stripe_unavailable', `The Stripe emulator at ${apiUrl} did not answer (${(err as Error).message}).`);
    }
    const body = (await res.json().catch(() => ({}))) as TriggerAnswer & { error?: { message?: string } };
    if (!res.ok) {
      const code = res.status === 404 ? 'not_found' : res.status < 500 ? 'invalid_state' : 'stripe_unavailable';
      throw new DomainError(code, `The Stripe emulator did not ${action}: ${body.error?.message ?? `it answered ${res.status}`}`);
    }
    return { id: body.object.charge?.id ?? body.object.id ?? '', email: body.object.email };
  };
}

/** The customer to act on: the one chosen (it must be the connection's), or any one. */
async function targetCustomer(deps: Deps, connectionId: string, customerId: string | undefined): Promise<LinkedCustomer> {
  const customer = customerId
    ? await deps.linkedCustomers.find(connectionId, customerId)
    : await deps.linkedCustomers.random(connectionId);
  if (customer) return customer;
  throw customerId
    ? new DomainError('not_found', `customer ${customerId} is not a customer of this connection`)
    : new DomainError('invalid_state', 'This connection has no customers yet: simulate a new customer first.');
}

/** Acts on the customer's newest live subscription, creating one first when there is none. */
async function onSubscription(trigger: Trigger, subscriptions: MirroredObject[], customerId: string, action: string) {
  const existing = subscriptions.find((s) => LIVE_SUBSCRIPTION.includes(s.status));
  const subscription = existing?.id ?? (await trigger('subscription.create', { customer: customerId })).id;
  await trigger(action, { subscription });
  return { id: subscription };
}

async function announceTrialEnd(trigger: Trigger, subscriptions: MirroredObject[], customerId: string) {
  const trialing = subscriptions.find((s) => s.status === 'trialing');
  if (trialing) {
    try {
      return await trigger('subscription.trial_will_end', { subscription: trialing.id });
    } catch (err) {
      // Stripe announces a trial's end once; that one was announced already, so start another
      if (!(err instanceof DomainError && err.code === 'invalid_state')) throw err;
    }
  }
  const trial = await trigger('subscription.create', { customer: customerId, trialDays: TRIAL_DAYS });
  return trigger('subscription.trial_will_end', { subscription: trial.id });
}

/** Refunds the customer's newest charge with something left to refund, or a new one. */
async function refundCharge(deps: Deps, trigger: Trigger, owner: { connectionId: string; customerId: string }) {
  const { data } = await deps.billing.chargesOf(owner, 20);
  const refundable = data.find((c) => c.status === 'succeeded' && (c.data as { refunded?: boolean }).refunded !== true);
  const charge = refundable?.id ?? (await trigger('charge.succeed', { customer: owner.customerId, description: 'Simulated charge' })).id;
  return trigger('charge.refund', { charge });
}

/**
 * Demo mode's "Simulate Stripe activity": makes one thing happen in the connection's emulated
 * Stripe account, to a chosen or a random customer, on sensible objects (the customer's live
 * subscription or refundable charge, created first when there is none).
 */
export async function simulateStripeActivity(
  deps: Deps,
  projectId: string,
  connectionId: string,
  input: { action: SimulatedAction; customerId?: string },
): Promise<Simulated> {
  const connection = await projectConnection(deps, projectId, connectionId);
  if (connection.status === 'disconnected') throw new DomainError('conflict', 'This connection is disconnected; connect the account again first.');
  const trigger = emulatorTrigger(deps.config.stripe.apiUrl, connection);
  const { action } = input;
  if (action === 'customer.create') {
    const created = await trigger(action, {});
    return { action, objectId: created.id, profileId: null, email: created.email ?? null };
  }
  const customer = await targetCustomer(deps, connection.id, input.customerId);
  const changed = await actOn(deps, trigger, { connectionId: connection.id, customerId: customer.customerId }, action);
  return { action, objectId: changed.id, profileId: customer.profileId, email: customer.email };
}

async function actOn(deps: Deps, trigger: Trigger, owner: { connectionId: string; customerId: string }, action: Exclude<SimulatedAction, 'customer.create'>) {
  const { customerId } = owner;
  switch (action) {
    case 'subscription.create': return trigger(action, { customer: customerId });
    case 'subscription.switch_plan':
    case 'subscription.cancel':
    case 'invoice.upcoming': return onSubscription(trigger, await deps.billing.subscriptionsOf(owner), customerId, action);
    case 'subscription.trial_will_end': return announceTrialEnd(trigger, await deps.billing.subscriptionsOf(owner), customerId);
    case 'charge.succeed':
    case 'charge.fail': return trigger(action, { customer: customerId, description: 'Simulated charge' });
    case 'charge.refund': return refundCharge(deps, trigger, owner);
  }
}

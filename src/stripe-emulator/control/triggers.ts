import { DAY } from '../clock';
import type { EmulatorCore } from '../core';
import { ControlError } from '../errors';
import { anyRecurringPrice, createPrice } from '../operations/catalog';
import { recordCharge, refundCharge } from '../operations/charges';
import { createCustomer, deleteCustomer, updateCustomer, type CustomerChanges } from '../operations/customers';
import { announceUpcomingInvoice } from '../operations/invoices';
import { announceTrialEnd, cancelSubscription, createSubscription, endTrial, updateSubscription } from '../operations/subscriptions';
import type { StoredRecord } from '../records/stored-record';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../records/subscription';
import { renderCharge, renderRefund } from '../render/charge';
import { renderCustomer } from '../render/customer';
import { KINDS, type ResourceKind } from '../render/kinds';
import { renderSubscription } from '../render/subscription';
import { emailFor, personName } from '../seed/fake-data';
import { SeededRandom } from '../seed/random';
import type { AccountState } from '../store/account';
import { cardFromToken, expiryYear } from '../test-cards';
import { accountOrFail } from './accounts';
import { optionalBool, optionalMetadata, optionalNumber, optionalText, requiredText, type JsonBody } from './input';
import type { ControlRoute } from './router';

type Trigger = (core: EmulatorCore, account: AccountState, params: JsonBody) => object;

const random = new SeededRandom(Date.now());

function find<R extends StoredRecord>(kind: ResourceKind<R>, account: AccountState, params: JsonBody, name: string): R {
  const id = requiredText(params, name);
  const record = kind.collection(account).get(id);
  if (!record || (record as { deleted?: boolean }).deleted) throw new ControlError(404, `No such ${kind.objectName}: '${id}'`);
  return record;
}

/** Customer fields as the API takes them: an empty string clears a field (null), as on Stripe. */
function customerChanges(params: JsonBody): CustomerChanges {
  const field = (name: string) => {
    const value = optionalText(params, name);
    return value === '' ? null : value;
  };
  return { email: field('email'), name: field('name'), phone: field('phone'), description: field('description'), metadata: optionalMetadata(params) };
}

const hasAny = (changes: object) => Object.values(changes).some((v) => v !== undefined);
const amountOf = (params: JsonBody) => optionalNumber(params, 'amount', { integer: true, min: 1 });

/** A price to switch to: the one named, or another active recurring price (created if none). */
function otherPrice(core: EmulatorCore, account: AccountState, params: JsonBody, currentPrice: string) {
  if (params.price) return find(KINDS.price, account, params, 'price');
  for (const price of account.prices.values()) if (price.recurring && price.active && price.id !== currentPrice) return price;
  const current = account.prices.get(currentPrice)!;
  return createPrice(core, account, {
    product: current.product,
    currency: current.currency,
    unitAmount: current.unitAmount * 2,
    recurring: current.recurring,
    nickname: 'Upgraded plan',
  });
}

/** The trial a subscription forced to `trialing` gets when the trigger names none. */
const FORCED_TRIAL_DAYS = 14;

const TRIGGERS: Record<string, Trigger> = {
  'customer.create': (core, account, params) => {
    const changes = customerChanges(params);
    if (!hasAny(changes)) {
      changes.name = personName(random);
      changes.email = emailFor(random, changes.name, random.int(1000, 999_999));
    }
    changes.source = optionalText(params, 'source') ?? 'tok_visa';
    return renderCustomer(createCustomer(core, account, changes), account);
  },
  'customer.update': (core, account, params) => {
    const customer = find(KINDS.customer, account, params, 'customer');
    const changes = customerChanges(params);
    if (!hasAny(changes)) changes.name = personName(random);
    return renderCustomer(updateCustomer(core, account, customer, changes), account);
  },
  'customer.delete': (core, account, params) => {
    const customer = find(KINDS.customer, account, params, 'customer');
    const last = renderCustomer(customer, account);
    deleteCustomer(core, account, customer);
    return last;
  },
  'subscription.create': (core, account, params) => {
    const customer = find(KINDS.customer, account, params, 'customer');
    const price = params.price ? find(KINDS.price, account, params, 'price') : anyRecurringPrice(core, account);
    const status = optionalText(params, 'status');
    if (status && !(SUBSCRIPTION_STATUSES as readonly string[]).includes(status)) throw new ControlError(400, `Unknown status '${status}'.`);
    // A trialing subscription always has a trial end in Stripe; without one the clock would bill it from 1970.
    const trialDays = optionalNumber(params, 'trialDays', { min: 0 }) ?? (status === 'trialing' ? FORCED_TRIAL_DAYS : undefined);
    const subscription = createSubscription(core, account, {
      customer,
      items: [{ price, quantity: optionalNumber(params, 'quantity', { integer: true, min: 1 }) ?? 1 }],
      trialEnd: trialDays ? core.state.clock.now() + Math.round(trialDays * DAY) : null,
      // A triggered subscription starts paid unless told otherwise.
      status: (status as SubscriptionStatus | undefined) ?? (trialDays ? undefined : 'active'),
    });
    return renderSubscription(subscription, account);
  },
  'subscription.switch_plan': (core, account, params) => {
    const subscription = find(KINDS.subscription, account, params, 'subscription');
    const item = subscription.items[0]!;
    const price = otherPrice(core, account, params, item.price);
    return renderSubscription(updateSubscription(core, account, subscription, { items: [{ id: item.id, price }] }), account);
  },
  'subscription.cancel': (core, account, params) => {
    const subscription = find(KINDS.subscription, account, params, 'subscription');
    if (optionalBool(params, 'atPeriodEnd')) updateSubscription(core, account, subscription, { cancelAtPeriodEnd: true });
    else cancelSubscription(core, account, subscription);
    return renderSubscription(subscription, account);
  },
  'subscription.trial_will_end': (core, account, params) => {
    const subscription = find(KINDS.subscription, account, params, 'subscription');
    if (subscription.status !== 'trialing') throw new ControlError(400, `Subscription ${subscription.id} is not trialing.`);
    // Stripe sends the notice once per trial; the clock sends it too when trial_end - 3 days passes.
    if (subscription.trialWillEndSent) throw new ControlError(400, `The end of ${subscription.id}'s trial was announced already.`);
    announceTrialEnd(core, account, subscription, core.state.clock.now());
    return renderSubscription(subscription, account);
  },
  'subscription.end_trial': (core, account, params) => {
    const subscription = find(KINDS.subscription, account, params, 'subscription');
    endTrial(core, account, subscription);
    return renderSubscription(subscription, account);
  },
  'charge.succeed': (core, account, params) => triggeredCharge(core, account, params, 'tok_visa'),
  'charge.fail': (core, account, params) => triggeredCharge(core, account, params, optionalText(params, 'token') ?? 'tok_chargeDeclined'),
  'charge.refund': (core, account, params) => {
    const charge = find(KINDS.charge, account, params, 'charge');
    const refund = refundCharge(core, account, charge, { amount: amountOf(params) });
    return { charge: renderCharge(charge, account), refund: renderRefund(refund) };
  },
  'invoice.upcoming': (core, account, params) => {
    const subscription = find(KINDS.subscription, account, params, 'subscription');
    return announceUpcomingInvoice(core, account, subscription).payload.data.object;
  },
};

/** A charge of a customer (its card, or the token's) or of a guest (`email` as billing email). */
function triggeredCharge(core: EmulatorCore, account: AccountState, params: JsonBody, token: string): object {
  const customer = params.customer ? find(KINDS.customer, account, params, 'customer') : null;
  const chosen = cardFromToken(token, expiryYear(core.state.clock.now()));
  if (!chosen) throw new ControlError(400, `Unknown test token '${token}'.`);
  const card = chosen.decline ? chosen.card : (customer?.defaultSource?.card ?? chosen.card);
  const email = optionalText(params, 'email');
  const charge = recordCharge(core, account, {
    amount: amountOf(params) ?? 2000,
    currency: optionalText(params, 'currency') ?? account.profile.defaultCurrency,
    customer,
    card,
    decline: chosen.decline,
    description: optionalText(params, 'description') ?? null,
    receiptEmail: optionalText(params, 'receiptEmail') ?? null,
    billing: email ? { email } : undefined,
  });
  return renderCharge(charge, account);
}

export const TRIGGER_ACTIONS = Object.keys(TRIGGERS);

export const triggerRoutes: ControlRoute[] = [
  {
    method: 'POST',
    pattern: '/_emulator/accounts/:id/trigger',
    handle: ({ services, params, body }) => {
      const account = accountOrFail(services, params.id!, optionalBool(body, 'livemode'));
      const action = requiredText(body, 'action');
      const trigger = TRIGGERS[action];
      if (!trigger) throw new ControlError(400, `Unknown action '${action}'. Known: ${TRIGGER_ACTIONS.join(', ')}.`);
      const { result, events } = services.core.events.recording(() => trigger(services.core, account, body));
      return { object: result, events };
    },
  },
];

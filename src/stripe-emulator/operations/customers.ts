import type Stripe from 'stripe';
import type { EmulatorCore } from '../core';
import { definedOnly } from '../defined';
import { cardError, invalidRequest } from '../errors';
import type { EventOrigin } from '../events/bus';
import { previousAttributes } from '../events/previous-attributes';
import { newId, randomBase62 } from '../ids';
import type { CustomerRecord } from '../records/customer';
import { renderCustomer } from '../render/customer';
import type { AccountState } from '../store/account';
import { cardFromToken, expiryYear } from '../test-cards';
import { cancelSubscription, isEnded } from './subscriptions';

export interface CustomerChanges {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  address?: Stripe.Address | null;
  metadata?: Record<string, string>;
  balance?: number;
  preferredLocales?: string[];
  /** A test card token (`tok_visa`) that becomes the default source. */
  source?: string;
}

/** Applies changes; a refused card token refuses them all (nothing is changed). */
function apply(core: EmulatorCore, record: CustomerRecord, changes: CustomerChanges): void {
  const { source, ...fields } = changes;
  const token = source === undefined ? undefined : cardFromToken(source, expiryYear(core.state.clock.now()));
  if (source !== undefined && !token) throw invalidRequest(`No such token: '${source}'`, 'source', 'resource_missing');
  if (token?.decline) throw cardError(token.decline);
  Object.assign(record, definedOnly(fields));
  if (token) record.defaultSource = { id: newId('card'), card: token.card };
}

export function createCustomer(core: EmulatorCore, account: AccountState, changes: CustomerChanges, origin?: EventOrigin): CustomerRecord {
  const record: CustomerRecord = {
    id: newId('cus'),
    created: core.state.clock.now(),
    seq: core.state.nextSeq(),
    email: null,
    name: null,
    phone: null,
    description: null,
    address: null,
    metadata: {},
    balance: 0,
    currency: null,
    invoicePrefix: randomBase62(8).toUpperCase(),
    preferredLocales: [],
    defaultSource: null,
  };
  apply(core, record, changes);
  account.customers.add(record);
  core.events.emit(account, 'customer.created', renderCustomer(record, account), { origin });
  return record;
}

/** Applies changes; emits `customer.updated` (with the old values) only when something changed. */
export function updateCustomer(
  core: EmulatorCore,
  account: AccountState,
  record: CustomerRecord,
  changes: CustomerChanges,
  origin?: EventOrigin,
): CustomerRecord {
  const before = renderCustomer(record, account);
  apply(core, record, changes);
  const after = renderCustomer(record, account);
  const previous = previousAttributes(before, after);
  if (previous) {
    core.state.touch(record);
    core.events.emit(account, 'customer.updated', after, { previous, origin });
  }
  return record;
}

/**
 * Deletes a customer as Stripe does: its live subscriptions are canceled first (each with
 * `customer.subscription.deleted`), then `customer.deleted` carries the customer as it was.
 * The customer stays retrievable as `{id, object, deleted: true}` and leaves lists.
 */
export function deleteCustomer(core: EmulatorCore, account: AccountState, record: CustomerRecord, origin?: EventOrigin): void {
  for (const subscription of account.subscriptions.values()) {
    if (subscription.customer === record.id && !isEnded(subscription)) cancelSubscription(core, account, subscription, origin);
  }
  const last = renderCustomer(record, account);
  record.deleted = true;
  account.customers.unlist(record);
  core.state.touch(record);
  core.events.emit(account, 'customer.deleted', last, { origin });
}

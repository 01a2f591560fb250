import type { EmulatorCore } from '../core';
import { invalidRequest } from '../errors';
import type { EventOrigin } from '../events/bus';
import type { EventRecord } from '../records/event';
import type { SubscriptionRecord } from '../records/subscription';
import { renderUpcomingInvoice } from '../render/invoice';
import type { AccountState } from '../store/account';
import { isEnded } from './subscriptions';

/** `invoice.upcoming` for the next renewal of `s` (its invoice has no id: it does not exist yet). */
export function announceUpcomingInvoice(
  core: EmulatorCore,
  account: AccountState,
  s: SubscriptionRecord,
  options: { at?: number; origin?: EventOrigin } = {},
): EventRecord {
  if (isEnded(s)) throw invalidRequest(`Subscription ${s.id} has ended: it has no upcoming invoice.`, 'subscription');
  const at = options.at ?? core.state.clock.now();
  s.upcomingInvoiceSentFor = s.periodEnd;
  core.state.touch(s);
  const invoice = renderUpcomingInvoice(s, account.customers.get(s.customer), account, at);
  return core.events.emit(account, 'invoice.upcoming', invoice, { origin: options.origin, created: at });
}

import { DAY } from '../clock';
import type { EmulatorCore } from '../core';
import { recordCharge } from '../operations/charges';
import { announceUpcomingInvoice } from '../operations/invoices';
import type { SubscriptionRecord } from '../records/subscription';
import {
  INCOMPLETE_EXPIRY,
  TRIAL_WILL_END_NOTICE,
  announceTrialEnd,
  endTrial,
  expireIncomplete,
  renew,
} from '../operations/subscriptions';
import type { AccountState } from '../store/account';

interface DueAction {
  at: number;
  run(): void;
}

/**
 * What time does to subscriptions: trial-end notices and trial ends, `invoice.upcoming`
 * before renewals, renewals (with their charge), cancellations at period end, and expiry of
 * unpaid incomplete subscriptions. Runs when the virtual clock moves (and as real time
 * passes); each action is stamped with the moment it was due, not the moment it ran.
 */
export class BillingScheduler {
  constructor(private readonly core: EmulatorCore) {}

  /** Performs every action due up to `until` (virtual seconds), oldest first per subscription. */
  runUntil(until: number): number {
    let performed = 0;
    for (const account of this.core.state.datasets()) {
      for (const subscription of account.subscriptions.values()) {
        // A subscription can fall due many times in a long jump (monthly renewals over a year).
        for (let action = this.nextAction(account, subscription); action && action.at <= until; action = this.nextAction(account, subscription)) {
          action.run();
          performed++;
        }
      }
    }
    return performed;
  }

  private nextAction(account: AccountState, s: SubscriptionRecord): DueAction | undefined {
    const { core } = this;
    switch (s.status) {
      case 'trialing': {
        const trialEnd = s.trialEnd!;
        if (!s.trialWillEndSent) return { at: trialEnd - TRIAL_WILL_END_NOTICE, run: () => announceTrialEnd(core, account, s, trialEnd - TRIAL_WILL_END_NOTICE) };
        return { at: trialEnd, run: () => endTrial(core, account, s, undefined, trialEnd) };
      }
      case 'active': {
        const upcomingAt = s.periodEnd - core.state.settings.invoiceUpcomingDays * DAY;
        if (!s.cancelAtPeriodEnd && s.upcomingInvoiceSentFor !== s.periodEnd && upcomingAt > s.periodStart) {
          return { at: upcomingAt, run: () => announceUpcomingInvoice(core, account, s, { at: upcomingAt }) };
        }
        return { at: s.periodEnd, run: () => renew(core, account, s, (amount) => this.chargeRenewal(account, s, amount)) };
      }
      case 'incomplete':
        return { at: s.created + INCOMPLETE_EXPIRY, run: () => expireIncomplete(core, account, s) };
      default:
        return undefined;
    }
  }

  /** Charges the customer's card for a renewal; false when there is no card to charge. */
  private chargeRenewal(account: AccountState, s: SubscriptionRecord, amount: number): boolean {
    const customer = account.customers.get(s.customer);
    if (!customer?.defaultSource || amount === 0) return amount === 0;
    recordCharge(this.core, account, {
      amount,
      currency: s.currency,
      customer,
      card: customer.defaultSource.card,
      description: 'Subscription update',
      created: s.periodEnd,
    });
    return true;
  }
}

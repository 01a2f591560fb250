import type { EmulatorCore } from '../core';
import { cardError, invalidRequest } from '../errors';
import type { EventOrigin } from '../events/bus';
import { previousAttributes } from '../events/previous-attributes';
import { newId } from '../ids';
import type { CardDecline, CardDetails } from '../records/card';
import type { BillingDetails, ChargeRecord, RefundRecord } from '../records/charge';
import type { CustomerRecord } from '../records/customer';
import { renderCharge, renderRefund } from '../render/charge';
import type { AccountState } from '../store/account';
import { cardFromToken, expiryYear } from '../test-cards';

export interface ChargeSpec {
  amount: number;
  currency: string;
  customer: CustomerRecord | null;
  card: CardDetails;
  decline?: CardDecline;
  description?: string | null;
  receiptEmail?: string | null;
  billing?: Partial<BillingDetails>;
  metadata?: Record<string, string>;
  /** When it happened (virtual seconds), for renewals the scheduler charges; defaults to now. */
  created?: number;
}

/** Stores a succeeded or failed charge and emits `charge.succeeded` or `charge.failed`. */
export function recordCharge(core: EmulatorCore, account: AccountState, spec: ChargeSpec, origin?: EventOrigin): ChargeRecord {
  const seq = core.state.nextSeq();
  const record: ChargeRecord = {
    id: newId('ch'),
    created: spec.created ?? core.state.clock.now(),
    seq,
    customer: spec.customer?.id ?? null,
    amount: spec.amount,
    amountRefunded: 0,
    currency: spec.currency,
    status: spec.decline ? 'failed' : 'succeeded',
    failure: spec.decline ?? null,
    description: spec.description ?? null,
    receiptEmail: spec.receiptEmail ?? null,
    billing: {
      email: spec.billing?.email ?? spec.customer?.email ?? null,
      name: spec.billing?.name ?? spec.customer?.name ?? null,
      phone: spec.billing?.phone ?? null,
      address: spec.billing?.address ?? null,
    },
    metadata: spec.metadata ?? {},
    card: spec.card,
    paymentMethod: newId('card'),
    balanceTransaction: spec.decline ? null : newId('txn'),
    riskScore: seq % 64,
  };
  account.charges.add(record);
  const type = spec.decline ? 'charge.failed' : 'charge.succeeded';
  core.events.emit(account, type, renderCharge(record, account), { origin, created: record.created });
  return record;
}

export interface CardCharge {
  amount: number;
  currency: string;
  customer: CustomerRecord | null;
  source?: string;
  description?: string | null;
  receiptEmail?: string | null;
  metadata?: Record<string, string>;
}

/**
 * `POST /v1/charges`: charges a test token, or the customer's default card. A declining card
 * still leaves a failed charge (and `charge.failed`) behind before the 402, as on Stripe.
 */
export function chargeCard(core: EmulatorCore, account: AccountState, charge: CardCharge, origin?: EventOrigin): ChargeRecord {
  const expYear = expiryYear(core.state.clock.now());
  let card: CardDetails;
  let decline: CardDecline | undefined;
  if (charge.source) {
    const token = cardFromToken(charge.source, expYear);
    if (!token) throw invalidRequest(`No such token: '${charge.source}'`, 'source', 'resource_missing');
    ({ card, decline } = token);
  } else if (charge.customer?.defaultSource) {
    card = charge.customer.defaultSource.card;
  } else {
    throw cardError({ code: 'missing', declineCode: 'missing', message: 'Cannot charge a customer that has no active card' });
  }
  const record = recordCharge(core, account, { ...charge, card, decline }, origin);
  if (decline) throw cardError(decline, record.id);
  return record;
}

const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

/** A full or partial refund: emits `charge.refunded` (both cases) and `refund.created`. */
export function refundCharge(
  core: EmulatorCore,
  account: AccountState,
  charge: ChargeRecord,
  refund: { amount?: number; reason?: RefundRecord['reason']; metadata?: Record<string, string> },
  origin?: EventOrigin,
): RefundRecord {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be refunded.`, 'charge', 'charge_not_refundable');
  }
  const remaining = charge.amount - charge.amountRefunded;
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  const amount = refund.amount ?? remaining;
  if (amount < 1) throw invalidRequest('Refund amount must be positive.', 'amount', 'parameter_invalid_integer');
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`,
      'amount',
      'amount_too_large',
    );
  }
  const before = renderCharge(charge, account);
  charge.amountRefunded += amount;
  core.state.touch(charge);
  const record: RefundRecord = {
    id: newId('re'),
    created: core.state.clock.now(),
    seq: core.state.nextSeq(),
    charge: charge.id,
    customer: charge.customer,
    amount,
    currency: charge.currency,
    reason: refund.reason ?? null,
    balanceTransaction: newId('txn'),
    metadata: refund.metadata ?? {},
  };
  account.refunds.add(record);
  const after = renderCharge(charge, account);
  core.events.emit(account, 'charge.refunded', after, { previous: previousAttributes(before, after), origin });
  core.events.emit(account, 'refund.created', renderRefund(record), { origin });
  return record;
}

import { newId } from '../ids';
import type { BillingDetails, ChargeRecord, RefundRecord } from '../records/charge';
import type { CustomerRecord } from '../records/customer';
import { DECLINES } from '../test-cards';
import { NO_METADATA, randomCard, timeBetween, type SeedContext } from './context';
import { emailVariant, guestEmail, personName } from './fake-data';

type Outcome = 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
const OUTCOMES: Outcome[] = ['succeeded', 'failed', 'refunded', 'partially_refunded'];
const OUTCOME_WEIGHTS: Record<Outcome, number> = { succeeded: 80, failed: 10, refunded: 5, partially_refunded: 5 };

export interface SeededCharges {
  charges: ChargeRecord[];
  refunds: RefundRecord[];
  guestCharges: number;
}

function seededCharge(
  ctx: SeedContext,
  outcome: Outcome,
  customer: CustomerRecord | null,
  billing: BillingDetails,
  receiptEmail: string | null,
  out: SeededCharges,
): void {
  const { rng } = ctx;
  const created = timeBetween(ctx, customer?.created ?? ctx.historyStart, ctx.now);
  const amount = rng.pick([900, 2900, 9900, 9000, 29000, rng.int(50, 250_000)]);
  const charge: ChargeRecord = {
    id: newId('ch'),
    created,
    seq: ctx.state.nextSeq(),
    customer: customer?.id ?? null,
    amount,
    amountRefunded: 0,
    currency: ctx.account.profile.defaultCurrency,
    status: outcome === 'failed' ? 'failed' : 'succeeded',
    failure: outcome === 'failed' ? rng.pick(DECLINES) : null,
    description: rng.chance(0.5) ? rng.pick(['Subscription update', 'Subscription creation', 'One-time purchase', 'Invoice payment']) : null,
    receiptEmail,
    billing,
    metadata: rng.chance(0.2) ? { order_id: `ord_${rng.digits(8)}` } : NO_METADATA,
    card: customer?.defaultSource?.card ?? randomCard(ctx),
    paymentMethod: newId('card'),
    balanceTransaction: outcome === 'failed' ? null : newId('txn'),
    riskScore: rng.int(0, 80),
  };
  out.charges.push(charge);
  if (outcome !== 'refunded' && outcome !== 'partially_refunded') return;
  const refundAmount = outcome === 'refunded' ? amount : rng.int(1, amount - 1);
  charge.amountRefunded = refundAmount;
  out.refunds.push({
    id: newId('re'),
    created: timeBetween(ctx, created, ctx.now, false),
    seq: ctx.state.nextSeq(),
    charge: charge.id,
    customer: charge.customer,
    amount: refundAmount,
    currency: charge.currency,
    reason: rng.pick(['requested_by_customer', 'duplicate', null]),
    balanceTransaction: newId('txn'),
    metadata: NO_METADATA,
  });
}

const billingOf = (customer: CustomerRecord): BillingDetails => ({
  email: customer.email,
  name: customer.name,
  phone: customer.phone,
  address: customer.address,
});

/**
 * Charges of customers (succeeded, failed, fully and partly refunded; the first four cover
 * each), and guest charges without a customer: some carry a customer's email in
 * `billing_details.email` or `receipt_email` (in another case), some an unknown email.
 */
export function seedCharges(ctx: SeedContext, customers: CustomerRecord[], perCustomer: number): SeededCharges {
  const { rng } = ctx;
  const out: SeededCharges = { charges: [], refunds: [], guestCharges: 0 };
  let planted = 0;
  for (const customer of customers) {
    const count = rng.poisson(perCustomer);
    for (let i = 0; i < count; i++) {
      const outcome = OUTCOMES[planted++] ?? rng.weighted(OUTCOME_WEIGHTS);
      seededCharge(ctx, outcome, customer, billingOf(customer), customer.email && rng.chance(0.6) ? customer.email : null, out);
    }
  }
  const withEmail = customers.filter((c) => c.email);
  out.guestCharges = customers.length === 0 ? 0 : Math.max(3, Math.round(customers.length * 0.01));
  for (let i = 0; i < out.guestCharges; i++) {
    const known = withEmail.length > 0 ? rng.pick(withEmail).email! : null;
    const match = i % 3;
    const email = match === 2 || !known ? guestEmail(rng, i) : emailVariant(rng, known).trim();
    const billing: BillingDetails = { email: match === 1 ? null : email, name: personName(rng), phone: null, address: null };
    seededCharge(ctx, rng.weighted(OUTCOME_WEIGHTS), null, billing, match === 1 ? email : rng.chance(0.3) ? email : null, out);
  }
  return out;
}

import type Stripe from 'stripe';
import type { ChargeRecord, RefundRecord } from '../records/charge';
import type { AccountState } from '../store/account';

function outcome(c: ChargeRecord): Stripe.Charge.Outcome {
  const declined = c.failure !== null;
  return {
    advice_code: declined ? 'try_again_later' : null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: declined ? 'declined_by_network' : 'approved_by_network',
    reason: c.failure?.declineCode ?? null,
    risk_level: 'normal',
    risk_score: c.riskScore,
    seller_message: declined ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
    type: declined ? 'issuer_declined' : 'authorized',
  };
}

function cardDetails(c: ChargeRecord): Stripe.Charge.PaymentMethodDetails.Card {
  return {
    amount_authorized: c.failure ? null : c.amount,
    authorization_code: c.failure ? null : String(100000 + (c.seq % 900000)),
    brand: c.card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: c.card.country,
    electronic_commerce_indicator: null,
    exp_month: c.card.expMonth,
    exp_year: c.card.expYear,
    fingerprint: c.card.fingerprint,
    funding: c.card.funding,
    installments: null,
    last4: c.card.last4,
    mandate: null,
    network: c.card.brand,
    network_token: { used: false },
    network_transaction_id: null,
    regulated_status: 'unregulated',
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  };
}

export function renderCharge(c: ChargeRecord, account: AccountState): Stripe.Charge {
  const succeeded = c.status === 'succeeded';
  return {
    id: c.id,
    object: 'charge',
    amount: c.amount,
    amount_captured: succeeded ? c.amount : 0,
    amount_refunded: c.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: c.balanceTransaction,
    billing_details: { ...c.billing, tax_id: null },
    calculated_statement_descriptor: 'EMULATED STRIPE',
    captured: succeeded,
    created: c.created,
    currency: c.currency,
    customer: c.customer,
    description: c.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: c.failure?.code ?? null,
    failure_message: c.failure?.message ?? null,
    fraud_details: {},
    livemode: account.livemode,
    metadata: c.metadata,
    on_behalf_of: null,
    outcome: outcome(c),
    paid: succeeded,
    payment_intent: null,
    payment_method: c.paymentMethod,
    payment_method_details: { card: cardDetails(c), type: 'card' },
    receipt_email: c.receiptEmail,
    receipt_number: null,
    receipt_url: succeeded ? `https://pay.stripe.com/receipts/payment/${c.id}` : null,
    refunded: c.amountRefunded > 0 && c.amountRefunded === c.amount,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: c.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function renderRefund(r: RefundRecord): Stripe.Refund {
  return {
    id: r.id,
    object: 'refund',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    charge: r.charge,
    created: r.created,
    currency: r.currency,
    customer: r.customer,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: r.metadata,
    payment_intent: null,
    payment_method: null,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

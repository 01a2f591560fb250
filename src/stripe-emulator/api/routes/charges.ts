import { invalidRequest, parameterInvalid } from '../../errors';
import { chargeCard, refundCharge } from '../../operations/charges';
import type { RefundRecord } from '../../records/charge';
import { KINDS } from '../../render/kinds';
import { listRoute, retrieveRoute } from '../generic-routes';
import { findRecord } from '../lookup';
import { allowOnly, applyMetadata, optionalInteger, optionalString, readExpand, requiredString } from '../params';
import { objectReply } from '../reply';
import type { ApiRoute } from '../request';

const MINIMUM_AMOUNT = 50;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];

export const chargeRoutes: ApiRoute[] = [
  listRoute(KINDS.charge, 'charge_read', ['created', 'customer', 'payment_intent', 'transfer_group'], (input) => {
    const customer = optionalString(input, 'customer');
    // No emulated charge has a payment intent or transfer group.
    const none = optionalString(input, 'payment_intent') ?? optionalString(input, 'transfer_group');
    return (c) => none === undefined && (customer === undefined || c.customer === customer);
  }),
  retrieveRoute(KINDS.charge, 'charge_read'),
  {
    method: 'POST',
    pattern: '/v1/charges',
    permission: 'charge_write',
    handle: ({ core, account, input, origin }) => {
      allowOnly(input, [
        'amount', 'currency', 'customer', 'source', 'description', 'receipt_email', 'metadata', 'capture', 'expand',
        'shipping', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group', 'on_behalf_of', 'radar_options',
      ]);
      const amount = optionalInteger(input, 'amount');
      if (amount === undefined) throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
      const currency = requiredString(input, 'currency').toLowerCase();
      if (amount < MINIMUM_AMOUNT) {
        throw invalidRequest(`Amount must be at least $0.50 ${currency}`, 'amount', 'amount_too_small');
      }
      const customerId = optionalString(input, 'customer');
      const record = chargeCard(
        core,
        account,
        {
          amount,
          currency,
          customer: customerId ? findRecord(KINDS.customer, account, customerId, 'customer') : null,
          source: optionalString(input, 'source'),
          description: optionalString(input, 'description') ?? null,
          receiptEmail: optionalString(input, 'receipt_email') ?? null,
          metadata: applyMetadata(input),
        },
        origin,
      );
      return objectReply(core.state, KINDS.charge, record, account, readExpand(input));
    },
  },
  listRoute(KINDS.refund, 'refund_read', ['created', 'charge', 'payment_intent'], (input) => {
    const charge = optionalString(input, 'charge');
    const paymentIntent = optionalString(input, 'payment_intent');
    return (r) => paymentIntent === undefined && (charge === undefined || r.charge === charge);
  }),
  retrieveRoute(KINDS.refund, 'refund_read'),
  {
    method: 'POST',
    pattern: '/v1/refunds',
    permission: 'refund_write',
    handle: ({ core, account, input, origin }) => {
      allowOnly(input, ['charge', 'amount', 'reason', 'metadata', 'expand', 'payment_intent', 'refund_application_fee', 'reverse_transfer', 'instructions_email']);
      const charge = findRecord(KINDS.charge, account, requiredString(input, 'charge'), 'charge');
      const reason = optionalString(input, 'reason');
      if (reason !== undefined && !REFUND_REASONS.includes(reason)) {
        throw parameterInvalid('reason', `Invalid reason: must be one of ${REFUND_REASONS.join(', ')}`);
      }
      const record = refundCharge(
        core,
        account,
        charge,
        { amount: optionalInteger(input, 'amount'), reason: (reason as RefundRecord['reason']) ?? null, metadata: applyMetadata(input) },
        origin,
      );
      return objectReply(core.state, KINDS.refund, record, account, readExpand(input));
    },
  },
];

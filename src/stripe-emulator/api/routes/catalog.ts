import { invalidRequest, parameterInvalid, parameterMissing } from '../../errors';
import type { FormObject } from '../../form';
import { createPrice, createProduct } from '../../operations/catalog';
import type { Interval, PriceRecord } from '../../records/catalog';
import { KINDS } from '../../render/kinds';
import { listRoute, retrieveRoute } from '../generic-routes';
import { findRecord } from '../lookup';
import {
  allowOnly,
  applyMetadata,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  readExpand,
  requiredString,
} from '../params';
import { objectReply } from '../reply';
import type { ApiRoute } from '../request';

const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

function readRecurring(input: FormObject): PriceRecord['recurring'] {
  const recurring = optionalObject(input, 'recurring');
  if (!recurring) return null;
  allowOnly(recurring, ['interval', 'interval_count', 'trial_period_days', 'usage_type', 'meter']);
  const interval = optionalString(recurring, 'interval');
  if (!interval) throw parameterMissing('recurring[interval]');
  if (!INTERVALS.includes(interval as Interval)) {
    throw parameterInvalid('recurring[interval]', `Invalid recurring[interval]: must be one of ${INTERVALS.join(', ')}`);
  }
  return {
    interval: interval as Interval,
    intervalCount: optionalInteger(recurring, 'interval_count') ?? 1,
    trialPeriodDays: optionalInteger(recurring, 'trial_period_days') ?? null,
  };
}

/** `product` names an existing product; `product_data[name]` creates one on the way. */
function readProduct(request: Parameters<ApiRoute['handle']>[0]): string {
  const { core, account, input, origin } = request;
  const productId = optionalString(input, 'product');
  if (productId) return findRecord(KINDS.product, account, productId, 'product').id;
  const data = optionalObject(input, 'product_data');
  if (!data) throw parameterMissing('product');
  return createProduct(core, account, { name: requiredString(data, 'name'), metadata: applyMetadata(data) }, origin).id;
}

export const catalogRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/products',
    permission: 'product_write',
    handle: ({ core, account, input, origin }) => {
      allowOnly(input, ['name', 'active', 'description', 'expand', 'id', 'images', 'metadata', 'statement_descriptor', 'tax_code', 'unit_label', 'url', 'type']);
      const id = optionalString(input, 'id');
      if (id && account.products.get(id)) throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
      const record = createProduct(
        core,
        account,
        {
          id,
          name: requiredString(input, 'name'),
          description: optionalString(input, 'description') ?? null,
          active: optionalBoolean(input, 'active'),
          metadata: applyMetadata(input),
        },
        origin,
      );
      return objectReply(core.state, KINDS.product, record, account, readExpand(input));
    },
  },
  listRoute(KINDS.product, 'product_read', ['created', 'active'], (input) => {
    const active = optionalBoolean(input, 'active');
    return (p) => active === undefined || p.active === active;
  }),
  retrieveRoute(KINDS.product, 'product_read'),
  {
    method: 'POST',
    pattern: '/v1/prices',
    permission: 'price_write',
    handle: (request) => {
      const { core, account, input, origin } = request;
      allowOnly(input, ['currency', 'active', 'expand', 'lookup_key', 'metadata', 'nickname', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount']);
      const currency = requiredString(input, 'currency').toLowerCase();
      const unitAmount = optionalInteger(input, 'unit_amount');
      if (unitAmount === undefined) throw parameterMissing('unit_amount');
      const recurring = readRecurring(input);
      const record = createPrice(
        core,
        account,
        {
          product: readProduct(request),
          currency,
          unitAmount,
          recurring,
          nickname: optionalString(input, 'nickname') ?? null,
          lookupKey: optionalString(input, 'lookup_key') ?? null,
          active: optionalBoolean(input, 'active'),
          metadata: applyMetadata(input),
        },
        origin,
      );
      return objectReply(core.state, KINDS.price, record, account, readExpand(input));
    },
  },
  listRoute(KINDS.price, 'price_read', ['created', 'active', 'product', 'currency', 'type'], (input) => {
    const product = optionalString(input, 'product');
    const active = optionalBoolean(input, 'active');
    return (p) => (product === undefined || p.product === product) && (active === undefined || p.active === active);
  }),
  retrieveRoute(KINDS.price, 'price_read'),
];

import type { FormObject } from '../../form';
import { createCustomer, deleteCustomer, updateCustomer, type CustomerChanges } from '../../operations/customers';
import type { CustomerRecord } from '../../records/customer';
import { renderDeletedCustomer } from '../../render/customer';
import { KINDS } from '../../render/kinds';
import { readAddress } from '../address';
import { listRoute } from '../generic-routes';
import { findRecord } from '../lookup';
import {
  allowOnly,
  applyMetadata,
  emptyableString,
  optionalInteger,
  optionalString,
  optionalStringList,
  readExpand,
} from '../params';
import { jsonReply, objectReply } from '../reply';
import type { ApiRoute } from '../request';

/** Parameters of CustomerCreateParams/CustomerUpdateParams; the unsupported ones are accepted and ignored. */
const WRITE_PARAMS = [
  'address', 'balance', 'business_name', 'cash_balance', 'default_source', 'description', 'email', 'expand',
  'individual_name', 'invoice_prefix', 'invoice_settings', 'metadata', 'name', 'next_invoice_sequence',
  'payment_method', 'phone', 'preferred_locales', 'shipping', 'source', 'tax', 'tax_exempt', 'tax_id_data',
  'test_clock', 'validate',
];

function readChanges(input: FormObject, current?: CustomerRecord): CustomerChanges {
  allowOnly(input, WRITE_PARAMS);
  return {
    email: emptyableString(input, 'email'),
    name: emptyableString(input, 'name'),
    phone: emptyableString(input, 'phone'),
    description: emptyableString(input, 'description'),
    address: readAddress(input, 'address'),
    metadata: applyMetadata(input, current?.metadata),
    balance: optionalInteger(input, 'balance'),
    preferredLocales: optionalStringList(input, 'preferred_locales'),
    source: optionalString(input, 'source'),
  };
}

const kind = KINDS.customer;

export const customerRoutes: ApiRoute[] = [
  listRoute(kind, 'customer_read', ['created', 'email', 'test_clock'], (input) => {
    const email = optionalString(input, 'email');
    // No emulated customer belongs to a test clock, so filtering by one finds nothing.
    const testClock = optionalString(input, 'test_clock');
    return (c) => !testClock && (email === undefined || c.email === email);
  }),
  {
    method: 'GET',
    pattern: '/v1/customers/:id',
    permission: 'customer_read',
    handle: ({ core, account, input, params }) => {
      allowOnly(input, ['expand']);
      const record = findRecord(kind, account, params.id!, 'id', { allowDeleted: true });
      return objectReply(core.state, kind, record, account, record.deleted ? [] : readExpand(input));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/customers',
    permission: 'customer_write',
    handle: ({ core, account, input, origin }) => {
      const record = createCustomer(core, account, readChanges(input), origin);
      return objectReply(core.state, kind, record, account, readExpand(input));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/customers/:id',
    permission: 'customer_write',
    handle: ({ core, account, input, params, origin }) => {
      const record = findRecord(kind, account, params.id!);
      updateCustomer(core, account, record, readChanges(input, record), origin);
      return objectReply(core.state, kind, record, account, readExpand(input));
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:id',
    permission: 'customer_write',
    handle: ({ core, account, input, params, origin }) => {
      allowOnly(input, []);
      const record = findRecord(kind, account, params.id!);
      deleteCustomer(core, account, record, origin);
      return jsonReply(renderDeletedCustomer(record));
    },
  },
];

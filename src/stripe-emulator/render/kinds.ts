import type { StoredRecord } from '../records/stored-record';
import type { AccountState } from '../store/account';
import type { Collection } from '../store/collection';
import { renderPrice, renderProduct } from './catalog';
import { renderCharge, renderRefund } from './charge';
import { renderCustomer, renderDeletedCustomer } from './customer';
import { renderEvent } from './event';
import { renderSubscription } from './subscription';
import { renderWebhookEndpoint } from './webhook-endpoint';

/** What the generic retrieve, list and expand code needs to know about an object type. */
export interface ResourceKind<R extends StoredRecord = StoredRecord> {
  /** As in Stripe's "No such customer: 'cus_x'". */
  objectName: string;
  idPrefix: string;
  listUrl: string;
  collection(account: AccountState): Collection<R>;
  render(record: R, account: AccountState): object;
}

const kind = <R extends StoredRecord>(k: ResourceKind<R>): ResourceKind<R> => k;

export const KINDS = {
  customer: kind({
    objectName: 'customer',
    idPrefix: 'cus',
    listUrl: '/v1/customers',
    collection: (a) => a.customers,
    render: (c, a) => (c.deleted ? renderDeletedCustomer(c) : renderCustomer(c, a)),
  }),
  subscription: kind({
    objectName: 'subscription',
    idPrefix: 'sub',
    listUrl: '/v1/subscriptions',
    collection: (a) => a.subscriptions,
    render: renderSubscription,
  }),
  charge: kind({ objectName: 'charge', idPrefix: 'ch', listUrl: '/v1/charges', collection: (a) => a.charges, render: renderCharge }),
  refund: kind({ objectName: 'refund', idPrefix: 're', listUrl: '/v1/refunds', collection: (a) => a.refunds, render: renderRefund }),
  product: kind({ objectName: 'product', idPrefix: 'prod', listUrl: '/v1/products', collection: (a) => a.products, render: renderProduct }),
  price: kind({ objectName: 'price', idPrefix: 'price', listUrl: '/v1/prices', collection: (a) => a.prices, render: renderPrice }),
  event: kind({ objectName: 'event', idPrefix: 'evt', listUrl: '/v1/events', collection: (a) => a.events, render: renderEvent }),
  webhookEndpoint: kind({
    objectName: 'webhook endpoint',
    idPrefix: 'we',
    listUrl: '/v1/webhook_endpoints',
    collection: (a) => a.webhookEndpoints,
    render: renderWebhookEndpoint,
  }),
};

const byPrefix = new Map<string, ResourceKind>(Object.values(KINDS).map((k) => [k.idPrefix, k]));

/** The kind of object an id names, from its prefix (`cus_…` → customer). */
export function kindOfId(id: string): ResourceKind | undefined {
  return byPrefix.get(id.slice(0, id.indexOf('_')));
}

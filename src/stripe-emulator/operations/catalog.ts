import type { EmulatorCore } from '../core';
import type { EventOrigin } from '../events/bus';
import { newId } from '../ids';
import type { PriceRecord, ProductRecord } from '../records/catalog';
import { renderPrice, renderProduct } from '../render/catalog';
import type { AccountState } from '../store/account';

export function createProduct(
  core: EmulatorCore,
  account: AccountState,
  fields: Pick<ProductRecord, 'name'> & Partial<Pick<ProductRecord, 'description' | 'active' | 'metadata'>> & { id?: string },
  origin?: EventOrigin,
): ProductRecord {
  const now = core.state.clock.now();
  const record: ProductRecord = {
    id: fields.id ?? newId('prod'),
    created: now,
    seq: core.state.nextSeq(),
    name: fields.name,
    description: fields.description ?? null,
    active: fields.active ?? true,
    metadata: fields.metadata ?? {},
    updated: now,
    defaultPrice: null,
  };
  account.products.add(record);
  core.events.emit(account, 'product.created', renderProduct(record, account), { origin });
  return record;
}

export type PriceFields = Pick<PriceRecord, 'product' | 'currency' | 'unitAmount' | 'recurring'> &
  Partial<Pick<PriceRecord, 'nickname' | 'lookupKey' | 'active' | 'metadata'>>;

export function createPrice(core: EmulatorCore, account: AccountState, fields: PriceFields, origin?: EventOrigin): PriceRecord {
  const record: PriceRecord = {
    id: newId('price'),
    created: core.state.clock.now(),
    seq: core.state.nextSeq(),
    product: fields.product,
    currency: fields.currency,
    unitAmount: fields.unitAmount,
    recurring: fields.recurring,
    nickname: fields.nickname ?? null,
    lookupKey: fields.lookupKey ?? null,
    active: fields.active ?? true,
    metadata: fields.metadata ?? {},
  };
  account.prices.add(record);
  core.events.emit(account, 'price.created', renderPrice(record, account), { origin });
  return record;
}

/** A monthly price to use when a trigger names none: the account's first, or a new one. */
export function anyRecurringPrice(core: EmulatorCore, account: AccountState): PriceRecord {
  for (const price of account.prices.values()) if (price.recurring && price.active) return price;
  const product = createProduct(core, account, { name: 'Standard plan' });
  return createPrice(core, account, {
    product: product.id,
    currency: account.profile.defaultCurrency,
    unitAmount: 2000,
    recurring: { interval: 'month', intervalCount: 1, trialPeriodDays: null },
    nickname: 'Standard monthly',
  });
}

import { newId } from '../ids';
import type { Interval, PriceRecord, ProductRecord } from '../records/catalog';
import { NO_METADATA, type SeedContext } from './context';

interface PlanSpec {
  product: string;
  description: string;
  prices: { nickname: string; amount: number; interval: Interval }[];
  /** An add-on is sold in quantities next to a main plan. */
  addOn?: boolean;
}

const PLANS: PlanSpec[] = [
  { product: 'Starter', description: 'For individuals', prices: [{ nickname: 'Starter monthly', amount: 900, interval: 'month' }, { nickname: 'Starter yearly', amount: 9000, interval: 'year' }] },
  { product: 'Pro', description: 'For growing teams', prices: [{ nickname: 'Pro monthly', amount: 2900, interval: 'month' }, { nickname: 'Pro yearly', amount: 29000, interval: 'year' }] },
  { product: 'Business', description: 'For companies', prices: [{ nickname: 'Business monthly', amount: 9900, interval: 'month' }] },
  { product: 'Extra seats', description: 'Per additional seat', prices: [{ nickname: 'Seat monthly', amount: 500, interval: 'month' }], addOn: true },
];

export interface SeededCatalog {
  products: ProductRecord[];
  prices: PriceRecord[];
  mainPrices: PriceRecord[];
  addOnPrices: PriceRecord[];
}

/** The plans seeded subscriptions use; created when the history begins. */
export function seedCatalog(ctx: SeedContext): SeededCatalog {
  const catalog: SeededCatalog = { products: [], prices: [], mainPrices: [], addOnPrices: [] };
  const created = ctx.historyStart;
  for (const plan of PLANS) {
    const product: ProductRecord = {
      id: newId('prod'),
      created,
      seq: ctx.state.nextSeq(),
      name: plan.product,
      description: plan.description,
      active: true,
      metadata: NO_METADATA,
      updated: created,
      defaultPrice: null,
    };
    catalog.products.push(product);
    for (const spec of plan.prices) {
      const price: PriceRecord = {
        id: newId('price'),
        created,
        seq: ctx.state.nextSeq(),
        product: product.id,
        currency: ctx.account.profile.defaultCurrency,
        unitAmount: spec.amount,
        recurring: { interval: spec.interval, intervalCount: 1, trialPeriodDays: null },
        nickname: spec.nickname,
        lookupKey: spec.nickname.toLowerCase().replace(/ /g, '_'),
        active: true,
        metadata: NO_METADATA,
      };
      product.defaultPrice ??= price.id;
      catalog.prices.push(price);
      (plan.addOn ? catalog.addOnPrices : catalog.mainPrices).push(price);
    }
  }
  return catalog;
}

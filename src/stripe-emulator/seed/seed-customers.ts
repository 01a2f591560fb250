import { DAY } from '../clock';
import { newId } from '../ids';
import type { CustomerRecord } from '../records/customer';
import { NO_METADATA, randomCard, timeBetween, type SeedContext } from './context';
import * as fake from './fake-data';

export interface SeededCustomers {
  customers: CustomerRecord[];
  /** When each deleted customer was deleted (their subscriptions end then). */
  deletedAt: Map<string, number>;
}

const ADDRESS_KINDS = { full: 40, partial: 25, none: 35 };
const METADATA_KINDS = { none: 35, few: 55, many: 10 };
const DESCRIPTION_KINDS = { text: 25, empty: 8, none: 67 };
const NO_LOCALES: string[] = Object.freeze([]) as unknown as string[];

function randomCustomer(ctx: SeedContext, index: number): CustomerRecord {
  const { rng } = ctx;
  const created = rng.chance(0.03) ? ctx.anchor - rng.int(0, 29) * DAY - rng.int(0, DAY) : timeBetween(ctx, ctx.historyStart, ctx.anchor);
  const name = rng.chance(0.06) ? null : fake.personName(rng);
  const addressKind = rng.weighted(ADDRESS_KINDS);
  const metadataKind = rng.weighted(METADATA_KINDS);
  const descriptionKind = rng.weighted(DESCRIPTION_KINDS);
  return {
    id: newId('cus'),
    created: Math.min(created, ctx.now),
    seq: ctx.state.nextSeq(),
    email: rng.chance(0.07) ? null : fake.emailFor(rng, name, index),
    name,
    phone: rng.chance(0.5) ? fake.phone(rng) : null,
    description: descriptionKind === 'text' ? fake.description(rng) : descriptionKind === 'empty' ? '' : null,
    address: addressKind === 'full' ? fake.fullAddress(rng) : addressKind === 'partial' ? fake.partialAddress(rng) : null,
    metadata: metadataKind === 'none' ? NO_METADATA : fake.metadata(rng, metadataKind === 'few' ? rng.int(1, 5) : rng.int(20, 50)),
    balance: rng.chance(0.05) ? rng.int(-5000, 5000) : 0,
    currency: rng.chance(0.9) ? 'usd' : null,
    invoicePrefix: rng.digits(8).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!),
    preferredLocales: rng.chance(0.2) ? fake.locales(rng) : NO_LOCALES,
    defaultSource: rng.chance(0.85) ? { id: newId('card'), card: randomCard(ctx) } : null,
  };
}

/**
 * Rare cases that a large random sample would show anyway are planted on the first customers,
 * so that even a small seed has each one: no email, one email on several customers in other
 * case and with whitespace, accented / CJK / emoji names, 50 metadata keys and none, full /
 * partial / no address, phone or not, a description, an empty one, a deletion, a new customer.
 */
function plantRareCases(ctx: SeedContext, customers: CustomerRecord[]): void {
  const { rng } = ctx;
  const plant: ((c: CustomerRecord) => void)[] = [
    (c) => (c.email = null),
    (c) => (c.email = fake.emailFor(rng, c.name ?? 'shared', 0)),
    (c) => (c.email = fake.emailVariant(rng, customers[1]!.email!).trim()),
    (c) => (c.email = ` ${fake.emailVariant(rng, customers[1]!.email!).trim()}  `),
    (c) => (c.name = fake.cjkName(rng)),
    (c) => (c.name = fake.accentedName(rng)),
    (c) => (c.name = fake.emojiName(rng)),
    (c) => (c.metadata = fake.metadata(rng, 50)),
    (c) => (c.metadata = NO_METADATA),
    (c) => (c.address = fake.fullAddress(rng)),
    (c) => (c.address = fake.partialAddress(rng)),
    (c) => (c.address = null),
    (c) => (c.phone = fake.phone(rng)),
    (c) => (c.phone = null),
    (c) => (c.description = fake.description(rng)),
    (c) => (c.description = ''),
    (c) => (c.deleted = true),
    (c) => (c.created = Math.min(ctx.now, ctx.anchor - rng.int(1, 20) * DAY)),
  ];
  plant.forEach((apply, i) => customers[i] && apply(customers[i]));
}

export function seedCustomers(ctx: SeedContext, count: number): SeededCustomers {
  const customers = Array.from({ length: count }, (_, i) => randomCustomer(ctx, i + 1));
  customers.forEach((c) => {
    if (ctx.rng.chance(0.02)) c.deleted = true;
  });
  plantRareCases(ctx, customers);
  const deletedAt = new Map<string, number>();
  for (const c of customers) if (c.deleted) deletedAt.set(c.id, timeBetween(ctx, c.created, ctx.now, false));
  return { customers, deletedAt };
}

/**
 * The test oracle: what the profiles of a project must be after a sync, computed from the
 * emulator's raw objects WITHOUT the product's mapping code. Written again, plainly, on purpose:
 * if the product's rules drift, this and the product disagree.
 */

export interface RawCustomer {
  id: string;
  created: number;
  deleted?: boolean;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  address?: Record<string, string | null> | null;
  metadata?: Record<string, string>;
}
export interface RawSubscription { id: string; customer: string | { id: string }; status: string }
export interface RawCharge {
  id: string;
  customer: string | { id: string } | null;
  billing_details?: { email?: string | null } | null;
  receipt_email?: string | null;
}

export interface ExpectedProfile {
  /** `email:<lowercase>` or `external:stripe_customer:<id>` */
  key: string;
  email: string | null;
  traits: Record<string, string | boolean>;
  customerIds: string[];
}

export interface Expected {
  profiles: Map<string, ExpectedProfile>;
  counts: { customers: number; subscriptions: number; charges: number; unmatchedCharges: number };
}

const ACTIVE = ['active', 'trialing', 'past_due'];

function refId(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

function usable(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.trim().length > 0;
}

/** `customers` may include deleted ones (they are skipped); every source is one mode of one account or several. */
export function expectedProfiles(sources: { customers: RawCustomer[]; subscriptions: RawSubscription[]; charges: RawCharge[] }[]): Expected {
  const groups = new Map<string, RawCustomer[]>();
  const activeCustomers = new Set<string>();
  const counts = { customers: 0, subscriptions: 0, charges: 0, unmatchedCharges: 0 };
  for (const source of sources) {
    for (const c of source.customers) {
      if (c.deleted) continue;
      counts.customers++;
      const key = usable(c.email) ? `email:${c.email!.trim().toLowerCase()}` : `external:stripe_customer:${c.id}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(c);
    }
    for (const s of source.subscriptions) {
      counts.subscriptions++;
      if (ACTIVE.includes(s.status)) activeCustomers.add(refId(s.customer)!);
    }
  }

  const profiles = new Map<string, ExpectedProfile>();
  for (const [key, customers] of groups) {
    let newest = customers[0]!;
    for (const c of customers) {
      if (c.created > newest.created || (c.created === newest.created && c.id > newest.id)) newest = c;
    }
    const traits: Record<string, string | boolean> = {};
    traits['stripe.customer_id'] = newest.id;
    traits['stripe.created_at'] = new Date(newest.created * 1000).toISOString();
    if (usable(newest.name)) traits['stripe.name'] = newest.name!;
    if (usable(newest.email)) traits['stripe.email'] = newest.email!.trim();
    if (usable(newest.phone)) traits['stripe.phone'] = newest.phone!;
    if (usable(newest.description)) traits['stripe.description'] = newest.description!;
    const address = newest.address ?? {};
    if (usable(address.line1)) traits['stripe.address1'] = address.line1!;
    if (usable(address.line2)) traits['stripe.address2'] = address.line2!;
    if (usable(address.state)) traits['stripe.state'] = address.state!;
    if (usable(address.city)) traits['stripe.city'] = address.city!;
    if (usable(address.postal_code)) traits['stripe.postal_code'] = address.postal_code!;
    if (usable(address.country)) traits['stripe.country'] = address.country!;
    for (const [k, v] of Object.entries(newest.metadata ?? {})) if (usable(v)) traits[`stripe.metadata.${k}`] = v;
    traits['stripe.active_subscription'] = customers.some((c) => activeCustomers.has(c.id));
    profiles.set(key, {
      key,
      email: usable(newest.email) ? newest.email!.trim() : null,
      traits,
      customerIds: customers.map((c) => c.id).sort(),
    });
  }

  const liveCustomerIds = new Set([...groups.values()].flat().map((c) => c.id));
  for (const source of sources) {
    for (const ch of source.charges) {
      counts.charges++;
      const customerId = refId(ch.customer);
      if (customerId !== null) {
        if (!liveCustomerIds.has(customerId)) counts.unmatchedCharges++;
        continue;
      }
      const email = usable(ch.billing_details?.email) ? ch.billing_details!.email! : usable(ch.receipt_email) ? ch.receipt_email! : null;
      if (email === null || !profiles.has(`email:${email.trim().toLowerCase()}`)) counts.unmatchedCharges++;
    }
  }
  return { profiles, counts };
}

/** Segment membership by the segments' definitions, written again from the expected traits. */
export function expectedSegments(expected: Expected, now: Date) {
  // one calendar month back, the day clamped to the shorter month (31 March → 28/29 February)
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const daysInPreviousMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const monthAgo = new Date(Date.UTC(y, m - 1, Math.min(now.getUTCDate(), daysInPreviousMonth),
    now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const all = [...expected.profiles.values()];
  return {
    activeSubscribers: all.filter((p) => p.traits['stripe.active_subscription'] === true).map((p) => p.key).sort(),
    newCustomers: all.filter((p) => new Date(p.traits['stripe.created_at'] as string) >= monthAgo).map((p) => p.key).sort(),
  };
}

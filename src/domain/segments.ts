/**
 * Segments are rules over a profile's traits, evaluated by query when read, so membership is always
 * current. Pure: the caller supplies `now` for rolling windows.
 */
export type SegmentRule =
  /** the trait holds exactly this value */
  | { kind: 'trait_equals'; trait: string; value: string | number | boolean }
  /** the trait is an ISO 8601 UTC timestamp within the last `months` calendar months (rolling) */
  | { kind: 'trait_within_months'; trait: string; months: number };

export interface SegmentDefinition {
  key: string;
  name: string;
  rule: SegmentRule;
}

export interface Segment extends SegmentDefinition {
  id: string;
  projectId: string;
  createdAt: Date;
}

export const ACTIVE_STRIPE_SUBSCRIBERS: SegmentDefinition = {
  key: 'active-stripe-subscribers',
  name: 'Active Stripe Subscribers',
  rule: { kind: 'trait_equals', trait: 'stripe.active_subscription', value: true },
};

export const NEW_STRIPE_CUSTOMERS: SegmentDefinition = {
  key: 'new-stripe-customers',
  name: 'New Stripe Customers',
  rule: { kind: 'trait_within_months', trait: 'stripe.created_at', months: 1 },
};

/** The segments every project gets when it connects Stripe. */
export const STRIPE_SEGMENTS: readonly SegmentDefinition[] = [ACTIVE_STRIPE_SUBSCRIBERS, NEW_STRIPE_CUSTOMERS];

/** `now` minus whole calendar months, in UTC (the day is clamped: 31 March − 1 month = 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * A rule as one comparison on a trait's value. Timestamps are ISO 8601 UTC strings of one format
 * (`toISOString()`), so comparing them as text orders them in time.
 */
export type TraitPredicate =
  | { op: 'equals'; trait: string; value: string | number | boolean }
  | { op: 'at_least'; trait: string; value: string };

export function rulePredicate(rule: SegmentRule, now: Date): TraitPredicate {
  switch (rule.kind) {
    case 'trait_equals':
      return { op: 'equals', trait: rule.trait, value: rule.value };
    case 'trait_within_months':
      return { op: 'at_least', trait: rule.trait, value: monthsBefore(now, rule.months).toISOString() };
  }
}

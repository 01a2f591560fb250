import { z } from 'zod';

/** `limit` (default 50, at most 200) and the opaque `cursor` of every list. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});

/** Our ids and Stripe-style keys: letters, digits, `_` and `-`. */
export const Id = z.string().regex(/^[\w-]{1,64}$/, 'is not a valid id');

/** A Stripe event id. */
export const StripeEventId = z.string().regex(/^evt_\w{1,120}$/, 'must be a Stripe event id (evt_…)');

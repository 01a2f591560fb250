import { z } from 'zod';
import { isReservedTrait } from '../../domain/profile';
import { Id, ListQuery } from './common.schema';

const Email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

const TraitKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\P{Cc}+$/u, 'must not contain control characters')
  .refine((k) => !isReservedTrait(k), { message: 'traits starting with "stripe." come from Stripe and cannot be written' });

const TraitValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.null()]);

/** Flat traits; `null` removes one. */
const Traits = z
  .record(TraitKey, TraitValue)
  .refine((t) => Object.keys(t).length <= 200, { message: 'at most 200 traits per call' });

export const CreateCustomerSchema = {
  body: z.object({ email: Email, traits: Traits.default({}) }).strict(),
};

export const UpdateCustomerSchema = {
  params: z.object({ id: Id }),
  body: z
    .object({ email: Email.optional(), traits: Traits.optional() })
    .strict()
    .refine((b) => b.email !== undefined || b.traits !== undefined, { message: 'send email or traits' }),
};

export const ListCustomersSchema = {
  query: ListQuery.extend({ email: z.string().trim().min(1).max(320).optional() }),
};

export const GetCustomerSchema = {
  params: z.object({ id: Id }),
};

export const ListCustomerEventsSchema = {
  params: z.object({ id: Id }),
  query: ListQuery,
};

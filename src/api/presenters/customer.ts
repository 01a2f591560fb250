import type { Unsubscription } from '../../db/unsubscription-store';
import type { Profile } from '../../domain/profile';

/** A customer profile as the API shows it. */
export const presentCustomer = (p: Profile) => ({
  id: p.id,
  email: p.email,
  traits: p.traits,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export type CustomerView = ReturnType<typeof presentCustomer>;

/** One customer as `GET /api/v1/customers/:id` shows it: with whether it opted out of marketing email. */
export const presentCustomerDetail = (p: Profile, unsubscription: Unsubscription | undefined) => ({
  ...presentCustomer(p),
  unsubscribed: unsubscription ? { at: unsubscription.unsubscribedAt.toISOString(), source: unsubscription.source } : null,
});

export type CustomerDetailView = ReturnType<typeof presentCustomerDetail>;

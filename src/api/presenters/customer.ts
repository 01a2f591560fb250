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

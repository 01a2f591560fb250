import { notSyncableReason, type StripeConnection } from '../../domain/connection';
import type { DriftCounts } from '../../domain/drift';
import { DomainError } from '../../domain/errors';
import type { ApiDeps } from '../deps';

/** What resyncing one of the profile's Stripe customers came to. */
export interface StripeCustomerResync {
  connectionId: string;
  stripeCustomerId: string;
  /** what differed and was repaired, per kind; null when it was not resynced */
  drift: DriftCounts | null;
  /** why it was not (its connection is disconnected, say) */
  refused: string | null;
}

export interface CustomerResync {
  /** the profile the customer belongs to afterwards (a changed email may have moved it to another) */
  customerId: string;
  stripeCustomers: StripeCustomerResync[];
}

/**
 * "Resync this customer": each Stripe customer linked to the profile is refetched, with its
 * subscriptions and charges, by its connection's account workflow; nothing else changes. Refused
 * (409) when no linked customer can be resynced, with the reason.
 */
export async function resyncCustomer(
  deps: Pick<ApiDeps, 'profiles' | 'linkedCustomers' | 'connections' | 'orchestrator' | 'logger'>,
  projectId: string,
  profileId: string,
): Promise<CustomerResync> {
  await deps.profiles.get(projectId, profileId); // another project's customer does not exist here
  const links = await deps.linkedCustomers.ofProfile(profileId);
  if (links.length === 0) throw new DomainError('conflict', 'This customer is not linked to a Stripe customer: there is nothing to resync.');
  const results: StripeCustomerResync[] = [];
  for (const { connectionId, customerId } of links) {
    const connection = await deps.connections.get(connectionId);
    const reason = notSyncableReason(connection.status);
    results.push({ connectionId, stripeCustomerId: customerId, drift: reason ? null : await resyncOne(deps, connection, customerId), refused: reason });
  }
  if (results.every((r) => r.refused)) throw new DomainError('conflict', results[0]!.refused!);
  const [first] = links;
  const now = await deps.linkedCustomers.find(first!.connectionId, first!.customerId);
  return { customerId: now?.profileId ?? profileId, stripeCustomers: results };
}

async function resyncOne(deps: Pick<ApiDeps, 'orchestrator' | 'logger'>, connection: StripeConnection, customerId: string): Promise<DriftCounts> {
  try {
    return await deps.orchestrator.resyncCustomer(connection, customerId);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    deps.logger.error({ err, connectionId: connection.id, customerId }, 'the customer could not be resynced');
    throw new DomainError('internal_error', 'The customer could not be resynced (the workflow service did not answer). Please try again in a moment.');
  }
}

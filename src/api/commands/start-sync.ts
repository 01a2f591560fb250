import type { StripeConnection } from '../../domain/connection';
import { DomainError } from '../../domain/errors';
import type { SyncKind } from '../../domain/sync-run';
import type { ApiDeps } from '../deps';

/**
 * Starts the connection's sync workflow (idempotent while one runs). When Temporal cannot be
 * reached the connection shows the error, with its Retry button, instead of syncing forever.
 */
export async function startSyncOrFlag(
  deps: Pick<ApiDeps, 'connections' | 'orchestrator' | 'logger'>,
  connection: StripeConnection,
  kind: SyncKind,
): Promise<{ workflowId: string; started: boolean }> {
  try {
    return await deps.orchestrator.startSync(connection, kind);
  } catch (err) {
    // The account workflow refused with its reason (disconnected, or being disconnected); the flag
    // applies only to a connection that was to sync, a disconnected one stays as it is.
    const refused = err instanceof DomainError ? err : undefined;
    if (!refused) deps.logger.error({ err, connectionId: connection.id }, 'could not start the sync workflow');
    const message = refused?.message ?? 'The sync could not be started (the workflow service did not answer). Please retry in a moment.';
    await deps.connections.move(connection.id, 'syncNotStarted', message);
    throw refused ?? new DomainError('internal_error', message);
  }
}

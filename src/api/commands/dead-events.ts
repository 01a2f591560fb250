import { DomainError } from '../../domain/errors';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';

type Deps = Pick<ApiDeps, 'connections' | 'inbox' | 'accountWaker'>;

const notDead = (stripeEventId: string) => new DomainError('not_found', `no dead event ${stripeEventId} on this connection`);

/** Retry: the dead event goes back in line, after the ones waiting, and the account workflow is woken. */
export async function retryDeadEvent(deps: Deps, projectId: string, connectionId: string, stripeEventId: string): Promise<{ seq: number }> {
  const connection = await projectConnection(deps, projectId, connectionId);
  const seq = await deps.inbox.retryDead(connection.id, stripeEventId);
  if (seq === null) throw notDead(stripeEventId);
  deps.accountWaker.wake(connection, seq);
  return { seq };
}

/** Skip: the dead event is set aside for good, as ignored. */
export async function skipDeadEvent(deps: Deps, projectId: string, connectionId: string, stripeEventId: string): Promise<void> {
  const connection = await projectConnection(deps, projectId, connectionId);
  if (!(await deps.inbox.skipDead(connection.id, stripeEventId))) throw notDead(stripeEventId);
}

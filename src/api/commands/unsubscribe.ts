import type { Unsubscription } from '../../db/unsubscription-store';
import { DomainError, validationError } from '../../domain/errors';
import { readUnsubscribeToken } from '../../security/unsubscribe-token';
import type { ApiDeps } from '../deps';

export interface Unsubscribed {
  email: string | null;
  unsubscription: Unsubscription;
  /** the profile had unsubscribed before (the first time is kept) */
  already: boolean;
}

/**
 * The unsubscribe link of a marketing email: its signed token names the project and profile, and
 * the profile gets no more marketing email. Opening it twice changes nothing.
 */
export async function unsubscribeByToken(deps: Pick<ApiDeps, 'keys' | 'profiles' | 'unsubscriptions'>, token: string): Promise<Unsubscribed> {
  const owner = readUnsubscribeToken(deps.keys.unsubscribe, token);
  if (!owner) throw validationError('This unsubscribe link is not valid: it may have been cut short or changed. Open the link from the email again.');
  const profile = await deps.profiles.get(owner.projectId, owner.profileId).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw new DomainError('not_found', 'We no longer know the address this link was for, so it receives nothing from us.');
    }
    throw err;
  });
  const before = await deps.unsubscriptions.find(owner.projectId, profile.id);
  const unsubscription = await deps.unsubscriptions.unsubscribe(owner.projectId, profile.id, 'link');
  return { email: profile.email, unsubscription, already: !!before };
}

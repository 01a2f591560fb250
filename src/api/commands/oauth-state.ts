import type { ConsumeFailure } from '../../db/oauth-state-store';
import type { ApiDeps } from '../deps';
import { sign, unsign } from '../../security/signing';

export type StateFailure = ConsumeFailure | 'missing' | 'forged';

export type RedeemedState = { ok: true; projectId: string } | { ok: false; reason: StateFailure };

/**
 * The `state` of an authorize request: the id of a stored pending authorization (bound to the
 * project and this browser session, 10 minutes, single use), signed so a forged one is refused
 * without a lookup.
 */
export async function issueOAuthState(deps: Pick<ApiDeps, 'oauthStates' | 'keys'>, projectId: string, sessionId: string): Promise<string> {
  return sign(deps.keys.oauthState, await deps.oauthStates.create(projectId, sessionId));
}

/** Uses the state up, whatever the callback says next: it is single-use in every case. */
export async function redeemOAuthState(
  deps: Pick<ApiDeps, 'oauthStates' | 'keys'>,
  state: string | undefined,
  sessionId: string,
): Promise<RedeemedState> {
  if (!state) return { ok: false, reason: 'missing' };
  const id = unsign(deps.keys.oauthState, state);
  if (!id) return { ok: false, reason: 'forged' };
  return deps.oauthStates.consume(id, sessionId);
}

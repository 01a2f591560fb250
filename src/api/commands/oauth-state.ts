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

/** The state as Stripe echoes it back: the project in clear, and the signed part. */
export interface ReturnedState { projectId: string | null; signed: string }

/**
 * Uses the state up, whatever the callback says next: it is single-use in every case. The project
 * in clear must be the one the state was issued for: a state altered anywhere is not ours.
 */
export async function redeemOAuthState(
  deps: Pick<ApiDeps, 'oauthStates' | 'keys'>,
  state: ReturnedState | undefined,
  sessionId: string,
): Promise<RedeemedState> {
  if (!state) return { ok: false, reason: 'missing' };
  const id = unsign(deps.keys.oauthState, state.signed);
  if (!id) return { ok: false, reason: 'forged' };
  const redeemed = await deps.oauthStates.consume(id, sessionId);
  return redeemed.ok && redeemed.projectId !== state.projectId ? { ok: false, reason: 'forged' } : redeemed;
}

import type Stripe from 'stripe';
import { ControlError } from '../errors';
import { newSecret } from '../ids';
import { DEFAULT_OAUTH_SEED } from '../seed/seed';
import type { EmulatorServices } from '../services';
import type { AccountState } from '../store/account';
import type { OAuthScope, Platform } from '../store/state';
import { CODE_LIFETIME_MS, type AuthorizationCode } from './flows';

export const applicationOf = (client: { clientId: string; name: string }): Stripe.Application => ({
  id: client.clientId,
  object: 'application',
  name: client.name,
});

/** Who approves: the account picked on the page, else the one set with next-account, else a new seeded one. */
export function chosenAccount(services: EmulatorServices, livemode: boolean, request: { email: string | null; accountId?: string }): AccountState {
  const { state, oauth } = services;
  const chosen = request.accountId || oauth.takeNextAccount();
  const existing = chosen ? state.account(chosen, livemode) : undefined;
  if (chosen && !existing) throw new ControlError(404, `No such account: '${chosen}'`);
  if (existing) return existing;
  const businessName = request.email ? `${request.email.split('@')[0]}'s business` : 'New business';
  const account = state.createAccount({ email: request.email, businessName, livemode });
  services.seed(account, { ...DEFAULT_OAUTH_SEED, seed: Math.floor(Math.random() * 2 ** 31) });
  return account;
}

/** A single-use, five-minute code for what was approved. */
export function issueCode(services: EmulatorServices, grant: Pick<AuthorizationCode, 'platformId' | 'accountId' | 'scope' | 'livemode' | 'app'>): string {
  const code = newSecret('ac_');
  services.oauth.codes.set(code, { code, ...grant, expiresAt: Date.now() + CODE_LIFETIME_MS, issued: null });
  return code;
}

/** Who obtains access through a consent page: a Connect platform, or a Stripe App (owned by `accountId`). */
export interface AccessClient {
  accountId: string;
  clientId: string;
  name: string;
}

/** `account.application.(de)authorized`, heard only by the client owner's Connect endpoints. */
export function tellOwner(services: EmulatorServices, account: AccountState, type: 'account.application.authorized' | 'account.application.deauthorized', client: AccessClient): void {
  services.core.events.emit(account, type, applicationOf(client), { audience: { ownEndpoints: false, platforms: [{ accountId: client.accountId }] } });
}

/**
 * Approval on a consent page: the chosen account joins `members` (a platform's connected accounts,
 * an App's installs) in the mode of the client's owner (tokens take that mode, so it is the mode of
 * the data the client sees), and the owner hears of it.
 */
export function grantAccess(
  services: EmulatorServices,
  client: AccessClient,
  members: Set<string>,
  request: { email: string | null; accountId?: string },
): { account: AccountState; livemode: boolean } {
  const { state } = services;
  const livemode = state.accounts.get(client.accountId)?.livemode ?? false;
  const account = chosenAccount(services, livemode, request);
  members.add(account.id);
  state.changed();
  tellOwner(services, account, 'account.application.authorized', client);
  return { account, livemode };
}

/** What approving on the authorize page does: connect the chosen account and issue a single-use code. */
export function approve(
  services: EmulatorServices,
  platform: Platform,
  request: { scope: OAuthScope; email: string | null; accountId?: string },
): { code: string; account: AccountState } {
  const { account, livemode } = grantAccess(services, platform, platform.connected, request);
  const code = issueCode(services, { platformId: platform.accountId, accountId: account.id, scope: request.scope, livemode });
  return { code, account };
}

/** Deauthorization: the platform loses the account and its tokens; it hears of it once more. */
export function disconnect(services: EmulatorServices, platform: Platform, account: AccountState): void {
  const { state } = services;
  platform.connected.delete(account.id);
  state.keys.revokeGrants(platform.accountId, account.id);
  for (const grant of state.refreshTokens.values()) {
    if (grant.platformId === platform.accountId && grant.accountId === account.id && !grant.app) grant.revoked = true;
  }
  state.changed();
  tellOwner(services, account, 'account.application.deauthorized', platform);
}

import type Stripe from 'stripe';
import { ControlError } from '../errors';
import { newSecret } from '../ids';
import { DEFAULT_OAUTH_SEED } from '../seed/seed';
import type { EmulatorServices } from '../services';
import type { AccountState } from '../store/account';
import type { OAuthScope, Platform } from '../store/state';
import { CODE_LIFETIME_MS } from './flows';

export const applicationOf = (platform: Platform): Stripe.Application => ({
  id: platform.clientId,
  object: 'application',
  name: platform.name,
});

/**
 * What approving on the authorize page does: connect the chosen account (or the one set with
 * `/_emulator/oauth/next-account`, or else a fresh seeded account), tell the platform with
 * `account.application.authorized`, and issue a single-use code.
 */
export function approve(
  services: EmulatorServices,
  platform: Platform,
  request: { scope: OAuthScope; email: string | null; accountId?: string },
): { code: string; account: AccountState } {
  const { state, oauth } = services;
  // Tokens take the platform's mode, so that is the mode of the connected data the platform sees.
  const livemode = state.accounts.get(platform.accountId)?.livemode ?? false;
  const chosen = request.accountId || oauth.takeNextAccount();
  let account = chosen ? state.account(chosen, livemode) : undefined;
  if (chosen && !account) throw new ControlError(404, `No such account: '${chosen}'`);
  if (!account) {
    const businessName = request.email ? `${request.email.split('@')[0]}'s business` : 'New business';
    account = state.createAccount({ email: request.email, businessName, livemode });
    services.seed(account, { ...DEFAULT_OAUTH_SEED, seed: Math.floor(Math.random() * 2 ** 31) });
  }
  platform.connected.add(account.id);
  state.changed();
  services.core.events.emit(account, 'account.application.authorized', applicationOf(platform), {
    audience: { ownEndpoints: false, platforms: [platform] },
  });
  const code = newSecret('ac_');
  oauth.codes.set(code, {
    code,
    platformId: platform.accountId,
    accountId: account.id,
    scope: request.scope,
    livemode,
    expiresAt: Date.now() + CODE_LIFETIME_MS,
    issued: null,
  });
  return { code, account };
}

/** Deauthorization: the platform loses the account and its tokens; it hears of it once more. */
export function disconnect(services: EmulatorServices, platform: Platform, account: AccountState): void {
  const { state } = services;
  platform.connected.delete(account.id);
  state.keys.revokeGrants(platform.accountId, account.id);
  for (const grant of state.refreshTokens.values()) {
    if (grant.platformId === platform.accountId && grant.accountId === account.id) grant.revoked = true;
  }
  state.changed();
  services.core.events.emit(account, 'account.application.deauthorized', applicationOf(platform), {
    audience: { ownEndpoints: false, platforms: [platform] },
  });
}

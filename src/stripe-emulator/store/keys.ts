import { newSecret } from '../ids';
import type { Permission } from '../permissions';

/**
 * - `secret`: an account's full secret key (platforms get one; OAuth access tokens are too).
 * - `restricted`: `rk_…` with chosen permissions.
 * - `publishable`: `pk_…`, refused by the endpoints emulated here.
 */
export type KeyKind = 'secret' | 'restricted' | 'publishable';

export interface ApiKey {
  secret: string;
  kind: KeyKind;
  accountId: string;
  livemode: boolean;
  permissions: readonly Permission[] | 'all';
  /** Set on OAuth access tokens: the platform (or App owner) that obtained it (deauthorizing revokes it). */
  grantedTo?: string;
  /** Set on a Stripe App's access tokens: the App's client id. */
  app?: string;
  /** Real time (ms) after which the key is refused as expired (a Stripe App's access tokens). */
  expiresAt?: number;
  revoked?: boolean;
}

const PREFIX: Record<KeyKind, string> = { secret: 'sk', restricted: 'rk', publishable: 'pk' };

/** All keys of all accounts, by their secret text. */
export class KeyRegistry {
  private readonly keys = new Map<string, ApiKey>();

  create(fields: Omit<ApiKey, 'secret'>): ApiKey {
    const secret = newSecret(`${PREFIX[fields.kind]}_${fields.livemode ? 'live' : 'test'}_51`, 96);
    const key: ApiKey = { secret, ...fields };
    this.keys.set(secret, key);
    return key;
  }

  find(secret: string): ApiKey | undefined {
    return this.keys.get(secret);
  }

  /** Revokes the Connect OAuth tokens a platform holds on an account (not its Apps' tokens). */
  revokeGrants(platformId: string, accountId: string): void {
    for (const key of this.keys.values()) {
      if (key.grantedTo === platformId && key.accountId === accountId && !key.app) key.revoked = true;
    }
  }

  /** Revokes a Stripe App's access tokens on an account (uninstalled). */
  revokeAppTokens(clientId: string, accountId: string): void {
    for (const key of this.keys.values()) {
      if (key.app === clientId && key.accountId === accountId) key.revoked = true;
    }
  }

  all(): ApiKey[] {
    return [...this.keys.values()];
  }

  load(keys: ApiKey[]): void {
    for (const key of keys) this.keys.set(key.secret, key);
  }

  clear(): void {
    this.keys.clear();
  }
}

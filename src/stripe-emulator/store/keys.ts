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
  /** Set on OAuth access tokens: the platform that obtained it (deauthorizing revokes it). */
  grantedTo?: string;
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

  /** Revokes the OAuth tokens a platform holds on an account. */
  revokeGrants(platformId: string, accountId: string): void {
    for (const key of this.keys.values()) {
      if (key.grantedTo === platformId && key.accountId === accountId) key.revoked = true;
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

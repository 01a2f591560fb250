import { VirtualClock } from '../clock';
import { newId } from '../ids';
import type { Permission } from '../permissions';
import type { StoredRecord } from '../records/stored-record';
import { AccountState, type AccountProfile } from './account';
import { JsonCache } from './json-cache';
import { KeyRegistry } from './keys';

/** A Connect platform: an account with an OAuth client id and the accounts connected to it. */
export interface Platform {
  accountId: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  connected: Set<string>;
}

export type OAuthScope = 'read_only' | 'read_write';
/** What a code or refresh token grants: a Connect scope, or a Stripe App's declared permissions. */
export type GrantScope = OAuthScope | 'stripe_apps';

/**
 * A Stripe App installed with OAuth 2.0: its developer account's secret key exchanges its codes
 * and refreshes its tokens at `POST /v1/oauth/token`; its access tokens expire.
 */
export interface StripeApp {
  /** `ca_…`, as the install link names it */
  clientId: string;
  /** the developer account that owns the App (it may be a Connect platform too) */
  accountId: string;
  name: string;
  redirectUris: string[];
  /** what its access tokens may do, as its manifest declares */
  permissions: readonly Permission[];
  /** Stripe's access tokens live an hour; tests shorten it */
  accessTokenLifetimeSeconds: number;
  installed: Set<string>;
}

/**
 * A refresh token. Connect's mint access tokens until the account is deauthorized; a Stripe
 * App's (`app` set) rotate: each use returns a new one and voids this one at once.
 */
export interface RefreshGrant {
  token: string;
  platformId: string;
  accountId: string;
  scope: GrantScope;
  livemode: boolean;
  /** the App's client id, for a Stripe App's refresh token */
  app?: string;
  revoked?: boolean;
}

export interface Settings {
  /** Days before a renewal that `invoice.upcoming` fires (Stripe's dashboard default is 7). */
  invoiceUpcomingDays: number;
}

export const DEFAULT_SETTINGS: Settings = { invoiceUpcomingDays: 7 };

/** Everything the emulator remembers (and a state file keeps): accounts, platforms, keys, time. */
export class EmulatorState {
  readonly clock = new VirtualClock();
  /** Accounts by id; their data lives in one AccountState per mode. */
  readonly accounts = new Map<string, AccountProfile>();
  private readonly data = new Map<string, AccountState>();
  /** Platforms by their account id. */
  readonly platforms = new Map<string, Platform>();
  readonly keys = new KeyRegistry();
  readonly json = new JsonCache();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Stripe Apps by their client id. */
  readonly apps = new Map<string, StripeApp>();
  settings: Settings = { ...DEFAULT_SETTINGS };
  private seq = 0;
  private readonly changeListeners: (() => void)[] = [];

  nextSeq(): number {
    return ++this.seq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  restoreSeq(seq: number): void {
    this.seq = Math.max(this.seq, seq);
  }

  createAccount(fields: Partial<Omit<AccountProfile, 'id' | 'created'>> = {}): AccountState {
    const profile: AccountProfile = {
      id: newId('acct'),
      livemode: fields.livemode ?? false,
      created: this.clock.now(),
      email: fields.email ?? null,
      businessName: fields.businessName ?? null,
      country: fields.country ?? 'US',
      defaultCurrency: fields.defaultCurrency ?? 'usd',
    };
    this.accounts.set(profile.id, profile);
    this.changed();
    return this.account(profile.id)!;
  }

  /** An account's data in one mode (its own mode by default); undefined for an unknown account. */
  account(id: string, livemode?: boolean): AccountState | undefined {
    const profile = this.accounts.get(id);
    if (!profile) return undefined;
    const mode = livemode ?? profile.livemode;
    const key = `${id}/${mode ? 'live' : 'test'}`;
    let data = this.data.get(key);
    if (!data) {
      data = new AccountState(profile, mode);
      this.data.set(key, data);
    }
    return data;
  }

  /** The data of every account in every mode that has been used. */
  datasets(): IterableIterator<AccountState> {
    return this.data.values();
  }

  /** Puts back a saved account's data (state files). */
  restoreAccount(profile: AccountProfile, data: AccountState[]): void {
    this.accounts.set(profile.id, profile);
    for (const d of data) this.data.set(`${profile.id}/${d.livemode ? 'live' : 'test'}`, d);
  }

  platformByClientId(clientId: string): Platform | undefined {
    for (const platform of this.platforms.values()) if (platform.clientId === clientId) return platform;
    return undefined;
  }

  platformsConnectedTo(accountId: string): Platform[] {
    return [...this.platforms.values()].filter((p) => p.connected.has(accountId));
  }

  /** The accounts whose Connect endpoints hear this account's events: its platforms' and its Apps' owners. */
  connectListenersOf(accountId: string): { accountId: string }[] {
    const owners = new Set(this.platformsConnectedTo(accountId).map((p) => p.accountId));
    for (const app of this.apps.values()) if (app.installed.has(accountId)) owners.add(app.accountId);
    return [...owners].map((id) => ({ accountId: id }));
  }

  /** Call after changing a stored object: forgets its cached JSON and schedules a save. */
  touch(record: StoredRecord): void {
    this.json.delete(record.id);
    this.changed();
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Drops all data. Ids stay unique afterwards: they never come from this state. */
  reset(): void {
    this.accounts.clear();
    this.data.clear();
    this.platforms.clear();
    this.keys.clear();
    this.refreshTokens.clear();
    this.apps.clear();
    this.json.clear();
    this.settings = { ...DEFAULT_SETTINGS };
    this.changed();
  }
}

import type { GrantScope, OAuthScope } from '../store/state';

export const OAUTH_SCOPES: readonly OAuthScope[] = ['read_only', 'read_write'];

/** A form value as text ('' when absent or not a plain value). */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export type OAuthMode = 'manual' | 'auto-approve' | 'auto-deny';
export const OAUTH_MODES: readonly OAuthMode[] = ['manual', 'auto-approve', 'auto-deny'];

/** Codes expire after five minutes of real time, as Stripe's do. */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

export interface AuthorizationCode {
  code: string;
  platformId: string;
  accountId: string;
  scope: GrantScope;
  livemode: boolean;
  expiresAt: number;
  /** the Stripe App installed, for an App install's code (else a Connect OAuth code) */
  app?: string;
  /** Access tokens issued for it; set once it was exchanged (a code is single-use). */
  issued: string[] | null;
  /** the refresh token issued for it (revoked with the access tokens when the code is reused) */
  refreshToken?: string;
}

/** The short-lived side of Connect OAuth: how approval happens, and issued codes. Not persisted. */
export class OAuthFlows {
  mode: OAuthMode = 'manual';
  /** The account the next approval connects, instead of a fresh seeded one. */
  nextAccount: string | null = null;
  readonly codes = new Map<string, AuthorizationCode>();

  takeNextAccount(): string | null {
    const account = this.nextAccount;
    this.nextAccount = null;
    return account;
  }

  reset(): void {
    this.mode = 'manual';
    this.nextAccount = null;
    this.codes.clear();
  }
}

import type { EmulatorCore } from '../core';
import type { EventOrigin } from '../events/bus';
import type { FormObject } from '../form';
import type { Permission } from '../permissions';
import type { AccountState } from '../store/account';
import type { ApiKey } from '../store/keys';
import type { ApiReply } from './reply';

/** An authenticated `/v1` request, ready for its handler. */
export interface ApiRequest {
  core: EmulatorCore;
  method: string;
  params: Record<string, string>;
  /** The query string for GET and DELETE, the form body for POST. */
  input: FormObject;
  /** The account acted on: the key's own, or the one named by `Stripe-Account`. */
  account: AccountState;
  key: ApiKey;
  origin: EventOrigin;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  /** What a restricted key needs; null when any valid key of the account may call it. */
  permission: Permission | null;
  handle(request: ApiRequest): ApiReply;
}

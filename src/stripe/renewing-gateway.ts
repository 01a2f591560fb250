import { classifyStripeError } from './errors';
import type { StripeGateway } from './gateway';

/** Where a gateway gets a credential that expires (a Stripe App's access token). */
export interface AccessTokenSource {
  /** the token as stored now */
  current(): Promise<string>;
  /** after Stripe refused `rejected`: asks for a fresh token and resolves to the one stored then */
  renewed(rejected: string): Promise<string>;
}

/**
 * A gateway on a token that expires: built on the token stored when the activity starts; when
 * Stripe refuses it (401), it asks for a renewed one and repeats the call once with it, so a long
 * sync goes on across an expiry. When no newer token comes (access revoked), Stripe's refusal
 * stands; when asking fails, that failure is thrown (the activity's retry asks again).
 */
export async function createRenewingGateway(tokens: AccessTokenSource, build: (token: string) => StripeGateway): Promise<StripeGateway> {
  let token = await tokens.current();
  let gateway = build(token);
  /** one renewal at a time: concurrent calls refused together wait for the same one */
  let renewing: Promise<void> | null = null;

  async function renewedSince(rejected: string): Promise<boolean> {
    if (token === rejected) {
      renewing ??= tokens.renewed(rejected).then((next) => {
        if (next !== token) [token, gateway] = [next, build(next)];
      }).finally(() => void (renewing = null));
      await renewing;
    }
    return token !== rejected;
  }

  async function call<T>(request: (g: StripeGateway) => Promise<T>): Promise<T> {
    const used = token;
    try {
      return await request(gateway);
    } catch (error) {
      if (classifyStripeError(error).status !== 401 || !(await renewedSince(used))) throw error;
      return request(gateway);
    }
  }

  return {
    listPage: (type, page) => call((g) => g.listPage(type, page)),
    retrieve: (kind, id) => call((g) => g.retrieve(kind, id)),
    listEvents: (page) => call((g) => g.listEvents(page)),
    listForCustomer: (type, customerId, startingAfter) => call((g) => g.listForCustomer(type, customerId, startingAfter)),
    accountCreated: () => call((g) => g.accountCreated()),
    countCreatedBefore: (type, lt) => call((g) => g.countCreatedBefore(type, lt)),
  };
}

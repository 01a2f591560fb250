import { ControlError } from '../errors';
import { newSecret } from '../ids';
import { ALL_PERMISSIONS, DEFAULT_RESTRICTED_PERMISSIONS, isPermission, type Permission } from '../permissions';
import type { StoredRecord } from '../records/stored-record';
import { renderCustomer } from '../render/customer';
import { KINDS, type ResourceKind } from '../render/kinds';
import type { SeedOptions } from '../seed/seed';
import type { EmulatorServices } from '../services';
import type { AccountState } from '../store/account';
import { optionalBool, optionalNumber, optionalObject, optionalStrings, optionalText, type JsonBody } from './input';
import type { ControlRoute } from './router';

/** An account's data: in the mode asked for, else in the mode the account was created in. */
export function accountOrFail(services: EmulatorServices, id: string, livemode?: boolean): AccountState {
  const account = services.state.account(id, livemode);
  if (!account) throw new ControlError(404, `No such account: '${id}'`);
  return account;
}

const queryMode = (query: URLSearchParams): boolean | undefined =>
  query.has('livemode') ? query.get('livemode') === 'true' : undefined;

function readSeedOptions(body: JsonBody): SeedOptions {
  const count = (name: string, max: number) => optionalNumber(body, name, { min: 0, max });
  return {
    seed: optionalNumber(body, 'seed', { integer: true }) ?? 1,
    customers: count('customers', 1_000_000) ?? 100,
    subscriptionsPerCustomer: count('subscriptionsPerCustomer', 20),
    chargesPerCustomer: count('chargesPerCustomer', 50),
    yearsOfHistory: count('yearsOfHistory', 30),
  };
}

function readPermissions(body: JsonBody): readonly Permission[] | 'all' {
  if (body.permissions === 'all') return ALL_PERMISSIONS;
  const names = optionalStrings(body, 'permissions');
  if (!names) return DEFAULT_RESTRICTED_PERMISSIONS;
  const unknown = names.find((name) => !isPermission(name));
  if (unknown) throw new ControlError(400, `Unknown permission '${unknown}'. Known: ${ALL_PERMISSIONS.join(', ')}.`);
  return names as Permission[];
}

const OBJECT_TYPES: Record<string, ResourceKind> = {
  customers: KINDS.customer,
  subscriptions: KINDS.subscription,
  charges: KINDS.charge,
  refunds: KINDS.refund,
  products: KINDS.product,
  prices: KINDS.price,
  events: KINDS.event,
  webhook_endpoints: KINDS.webhookEndpoint,
};

const newestFirst = (a: StoredRecord, b: StoredRecord) => b.created - a.created || b.seq - a.seq;

export const accountRoutes: ControlRoute[] = [
  {
    method: 'POST',
    pattern: '/_emulator/platform',
    handle: ({ services, body }) => {
      const { state } = services;
      const name = optionalText(body, 'name') ?? 'Emulated platform';
      const account = state.createAccount({ businessName: name });
      const secret = state.keys.create({ kind: 'secret', accountId: account.id, livemode: false, permissions: 'all' });
      const publishable = state.keys.create({ kind: 'publishable', accountId: account.id, livemode: false, permissions: [] });
      const clientId = newSecret('ca_');
      state.platforms.set(account.id, { accountId: account.id, clientId, name, redirectUris: optionalStrings(body, 'redirectUris') ?? [], connected: new Set() });
      state.changed();
      return { accountId: account.id, clientId, secretKey: secret.secret, publishableKey: publishable.secret, livemode: false };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/accounts',
    handle: ({ services, body }) => {
      const { state } = services;
      const livemode = optionalBool(body, 'livemode') ?? false;
      const account = state.createAccount({
        livemode,
        email: optionalText(body, 'email') ?? null,
        businessName: optionalText(body, 'businessName') ?? null,
      });
      const key = state.keys.create({ kind: 'restricted', accountId: account.id, livemode, permissions: DEFAULT_RESTRICTED_PERMISSIONS });
      const seed = optionalObject(body, 'seed');
      const seeded = seed ? services.seed(account, readSeedOptions(seed)) : undefined;
      return { id: account.id, secretKey: key.secret, livemode, ...(seeded ? { seeded } : {}) };
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/accounts',
    handle: ({ services: { state } }) => ({
      data: [...state.accounts.values()].map((a) => ({
        id: a.id,
        livemode: a.livemode,
        email: a.email,
        businessName: a.businessName,
        platform: state.platforms.has(a.id),
        connectedTo: state.platformsConnectedTo(a.id).map((p) => p.accountId),
      })),
    }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/accounts/:id/keys',
    handle: ({ services, params, body }) => {
      const account = accountOrFail(services, params.id!);
      const secretKey = optionalText(body, 'type') === 'secret';
      const key = services.state.keys.create({
        kind: secretKey ? 'secret' : 'restricted',
        accountId: account.id,
        livemode: optionalBool(body, 'livemode') ?? account.livemode,
        permissions: secretKey ? 'all' : readPermissions(body),
      });
      services.state.changed();
      return { secretKey: key.secret, permissions: key.permissions };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/accounts/:id/seed',
    handle: ({ services, params, body }) => services.seed(accountOrFail(services, params.id!, optionalBool(body, 'livemode')), readSeedOptions(body)),
  },
  {
    method: 'GET',
    pattern: '/_emulator/accounts/:id/objects',
    handle: ({ services, params, query }) => {
      const account = accountOrFail(services, params.id!, queryMode(query));
      const type = query.get('type') ?? 'customers';
      const kind = OBJECT_TYPES[type];
      if (!kind) throw new ControlError(400, `Unknown type '${type}'. Known: ${Object.keys(OBJECT_TYPES).join(', ')}.`);
      const includeDeleted = query.get('includeDeleted') === 'true';
      const records = [...kind.collection(account).values()].filter((r) => includeDeleted || !(r as { deleted?: boolean }).deleted);
      const data = records.sort(newestFirst).map((r) => {
        const customer = type === 'customers' ? account.customers.get(r.id) : undefined;
        // Deleted customers are shown whole (as they were) with `deleted: true`, for oracles.
        return customer?.deleted ? { ...renderCustomer(customer, account), deleted: true } : kind.render(r, account);
      });
      return { object: 'list', data };
    },
  },
];

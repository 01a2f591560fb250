import { API_VERSION } from '../api-version';
import { definedOnly } from '../defined';
import { ControlError } from '../errors';
import { FAULT_RATES, type FaultChanges, type RateLimits } from '../faults';
import { OAUTH_MODES, type OAuthMode } from '../oauth/flows';
import { accountOrFail } from './accounts';
import { optionalBool, optionalNumber, optionalObject, optionalRatio, optionalText, requiredText, type JsonBody } from './input';
import type { ControlRoute } from './router';

function readLimits(body: JsonBody, name: 'live' | 'test'): RateLimits['live'] | undefined {
  const limits = optionalObject(body, name);
  if (!limits) return undefined;
  const global = optionalNumber(limits, 'global', { min: 0, integer: true });
  const perEndpoint = optionalNumber(limits, 'perEndpoint', { min: 0, integer: true });
  if (global === undefined || perEndpoint === undefined) throw new ControlError(400, `"rateLimits.${name}" needs "global" and "perEndpoint".`);
  return { global, perEndpoint };
}

function readFaults(body: JsonBody): FaultChanges {
  const limits = optionalObject(body, 'rateLimits');
  return definedOnly<FaultChanges>({
    latencyMs: optionalNumber(body, 'latencyMs', { min: 0 }),
    errorRate: optionalRatio(body, 'errorRate'),
    refuseRate: optionalRatio(body, 'refuseRate'),
    rateLimitRate: optionalRatio(body, 'rateLimitRate'),
    resetRate: optionalRatio(body, 'resetRate'),
    stallRate: optionalRatio(body, 'stallRate'),
    stallMs: optionalNumber(body, 'stallMs', { min: 0, max: 600_000 }),
    rateLimits:
      limits &&
      definedOnly({
        enabled: optionalBool(limits, 'enabled'),
        live: readLimits(limits, 'live'),
        test: readLimits(limits, 'test'),
      }),
  });
}

const queryNumber = (query: URLSearchParams, name: string): number | undefined => {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new ControlError(400, `"${name}" must be an integer.`);
  return Number(value);
};

export const runtimeRoutes: ControlRoute[] = [
  {
    method: 'GET',
    pattern: '/_emulator',
    handle: ({ services }) => ({ ok: true, apiVersion: API_VERSION, now: services.state.clock.now() }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/reset',
    handle: ({ services }) => {
      services.reset();
      return { ok: true };
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/stats',
    handle: ({ services }) => {
      const cpu = process.cpuUsage();
      return {
        cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
        memory: process.memoryUsage(),
        accounts: services.state.accounts.size,
        customers: [...services.state.datasets()].reduce((sum, a) => sum + a.customers.size, 0),
        prewarm: { pending: services.prewarmer.pending, ...services.prewarmer.totals },
      };
    },
  },
  { method: 'GET', pattern: '/_emulator/clock', handle: ({ services }) => ({ now: services.state.clock.now() }) },
  {
    method: 'POST',
    pattern: '/_emulator/clock/advance',
    handle: ({ services, body }) => {
      const target = services.state.clock.target({
        seconds: optionalNumber(body, 'seconds', { integer: true }),
        to: optionalNumber(body, 'to', { integer: true }),
      });
      return services.advanceClock(target);
    },
  },
  { method: 'GET', pattern: '/_emulator/settings', handle: ({ services }) => services.state.settings },
  {
    method: 'POST',
    pattern: '/_emulator/settings',
    handle: ({ services, body }) => {
      const days = optionalNumber(body, 'invoiceUpcomingDays', { min: 0, max: 365 });
      if (days !== undefined) services.state.settings = { ...services.state.settings, invoiceUpcomingDays: days };
      services.state.changed();
      return services.state.settings;
    },
  },
  { method: 'GET', pattern: '/_emulator/faults', handle: ({ services }) => services.faults.view() },
  {
    method: 'POST',
    pattern: '/_emulator/faults',
    handle: ({ services, body }) => {
      const account = optionalText(body, 'account');
      if (account) accountOrFail(services, account);
      const changes = readFaults(body);
      // One roll picks a request's fault, so the shares must fit in one.
      const next = { ...services.faults.for(account), ...changes };
      if (FAULT_RATES.reduce((sum, rate) => sum + next[rate], 0) > 1 + 1e-9) {
        throw new ControlError(400, `${FAULT_RATES.map((r) => `"${r}"`).join(', ')} may add up to 1 at most.`);
      }
      return services.faults.configure(changes, account);
    },
  },
  {
    method: 'DELETE',
    pattern: '/_emulator/faults',
    handle: ({ services }) => {
      services.faults.reset();
      return services.faults.view();
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/requests',
    handle: ({ services, query }) => ({
      data: services.requestLog.query({
        account: query.get('account') ?? undefined,
        since: queryNumber(query, 'since'),
        endpoint: query.get('endpoint') ?? undefined,
      }),
    }),
  },
  {
    method: 'DELETE',
    pattern: '/_emulator/requests',
    handle: ({ services }) => {
      services.requestLog.clear();
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/oauth/next-account',
    handle: ({ services, body }) => {
      const account = body.account === null ? null : accountOrFail(services, requiredText(body, 'account')).id;
      services.oauth.nextAccount = account;
      return { account };
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/oauth/mode',
    handle: ({ services, body }) => {
      const mode = requiredText(body, 'mode');
      if (!(OAUTH_MODES as readonly string[]).includes(mode)) throw new ControlError(400, `"mode" must be one of ${OAUTH_MODES.join(', ')}.`);
      services.oauth.mode = mode as OAuthMode;
      return { mode };
    },
  },
];

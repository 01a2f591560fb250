import type { AppRoute } from './app-routes';

/** The ids of the project whose things another project's key tries to reach. */
export interface TenantIds {
  projectId: string;
  connectionId: string;
  profileId: string;
  deadEventId: string;
  /** an automation run of B's */
  runId: string;
}

interface ParamRule {
  param: string;
  /** the rule holds for routes whose pattern matches; all routes when absent */
  path?: RegExp;
  value: (victim: TenantIds) => string;
  /** the value names a thing of the victim's: the answer must be 404 */
  owned: boolean;
}

/**
 * What each route parameter is filled with when project A goes after project B. A route with a
 * parameter no rule knows fails the tenancy suite until a rule says whose things it names.
 */
const RULES: ParamRule[] = [
  { param: 'connectionId', value: (b) => b.connectionId, owned: true },
  { param: 'stripeEventId', value: (b) => b.deadEventId, owned: true },
  { param: 'id', path: /\/customers\/:id/, value: (b) => b.profileId, owned: true },
  // segment keys are the same in every project: A reading "its" segment must see only A's customers
  { param: 'key', path: /\/segments\/:key/, value: () => 'active-stripe-subscribers', owned: false },
  // automation ids too: A's dunning is A's own setting, never B's
  { param: 'id', path: /\/automations\/:id/, value: () => 'dunning', owned: false },
  { param: 'automationId', value: () => 'dunning', owned: false },
  { param: 'runId', value: (b) => b.runId, owned: true },
  // the unsubscribe link is public by design; a token A could forge for B's profile is refused
  { param: 'token', path: /\/unsubscribe\/:token/, value: (b) => `${b.projectId}.${b.profileId}.forged`, owned: false },
];

export function victimParam(route: AppRoute, param: string, victim: TenantIds): { value: string; owned: boolean } {
  const rule = RULES.find((r) => r.param === param && (!r.path || r.path.test(route.path)));
  if (!rule) throw new Error(`${route.method} ${route.path}: no rule for :${param} in test/faults/support/tenant-params.ts says whose thing it names`);
  return { value: rule.value(victim), owned: rule.owned };
}

import type { AppRoute } from './app-routes';

/** The ids of the project whose things another project's key tries to reach. */
export interface TenantIds {
  projectId: string;
  connectionId: string;
  profileId: string;
  deadEventId: string;
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
];

export function victimParam(route: AppRoute, param: string, victim: TenantIds): { value: string; owned: boolean } {
  const rule = RULES.find((r) => r.param === param && (!r.path || r.path.test(route.path)));
  if (!rule) throw new Error(`${route.method} ${route.path}: no rule for :${param} in test/faults/support/tenant-params.ts says whose thing it names`);
  return { value: rule.value(victim), owned: rule.owned };
}

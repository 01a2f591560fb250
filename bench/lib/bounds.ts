import type { RateBudget } from '../../src/domain/connection';
import { PAGE_SIZE } from '../../src/stripe/gateway';
import type { SeededAccount } from './project-sync';

/**
 * The fastest a copy of the account can go within a budget: every list request returns one page,
 * the pages of all types share the global budget and each type's pages its endpoint's budget,
 * so it takes the larger of total pages ÷ global and, per type, its pages ÷ per-endpoint.
 */
export function boundSeconds(account: SeededAccount, budget: RateBudget): number {
  const pages = Object.values(account.objects).map((n) => Math.ceil(n / PAGE_SIZE));
  const total = pages.reduce((a, b) => a + b, 0);
  return Math.max(total / budget.global, ...pages.map((p) => p / budget.perEndpoint));
}

export const objectsPerSecond = (objects: number, seconds: number) => objects / seconds;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Every automation the product ships: one line each. A new version of an automation is a new
 * entry (keep the old one until its runs have finished), see docs/automations.md.
 */
import type { AutomationDefinition } from './kit/define';
import { dunning } from './dunning';
import { refundAlert } from './refund-alert';
import { trialEnding } from './trial-ending';
import { winBack } from './win-back';

export const AUTOMATIONS: readonly AutomationDefinition[] = [
  dunning,
  refundAlert,
  trialEnding,
  winBack,
] as AutomationDefinition[];

export { defineAutomation } from './kit/define';

import type { AutomationDefinition } from './kit/define';
import { AUTOMATIONS } from './index';

/** The automation at the version a run was claimed with: old runs keep their code. */
export const findAutomation = (id: string, version: number): AutomationDefinition | undefined =>
  AUTOMATIONS.find((a) => a.id === id && a.version === version);

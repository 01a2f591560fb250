import { createAutomationSettingStore } from '../../../src/db/automation-setting-store';
import { automationCatalog, defaultParams } from '../../../src/domain/automation';
import { createEncryptor } from '../../../src/security/encryption';
import { AUTOMATIONS } from '../../../src/workflows/automations';
import type { FaultStack } from './fault-stack';

const catalog = automationCatalog(AUTOMATIONS);

/** The refund alert's default minimum: smaller refunds start no run. */
export const REFUND_ALERT_MINIMUM = Number(defaultParams(catalog.find('refund-alert')!.params).minimumAmount);

/** Turns the built-in automations on for the project, with their default params, as the settings page saves them. */
export async function enableAutomations(stack: FaultStack, projectId: string, ids: string[]): Promise<void> {
  const settings = createAutomationSettingStore(stack.env.db, createEncryptor(stack.env.config.encryptionKey!));
  for (const id of ids) await settings.save(projectId, id, { enabled: true, params: defaultParams(catalog.find(id)!.params), testModeEmails: false });
}

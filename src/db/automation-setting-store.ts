import type { Knex } from 'knex';
import type { AutomationSetting, ParamValues } from '../domain/automation';
import type { Encryptor } from '../security/encryption';

const TABLE = 'automation_settings';

interface SettingRow {
  project_id: string; automation_id: string; enabled: boolean; params: ParamValues; test_mode_emails: boolean;
  webhook_secret: string | null; created_at: Date; updated_at: Date;
}

export interface StoredAutomationSetting extends AutomationSetting {
  hasWebhookSecret: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const toSetting = (r: SettingRow): StoredAutomationSetting => ({
  projectId: r.project_id,
  automationId: r.automation_id,
  enabled: r.enabled,
  params: r.params,
  testModeEmails: r.test_mode_emails,
  hasWebhookSecret: r.webhook_secret !== null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type AutomationSettingChange = Pick<AutomationSetting, 'enabled' | 'params' | 'testModeEmails'>;

/** The one owner of `automation_settings`: which automations a project has on, and their params. */
export interface AutomationSettingStore {
  list(projectId: string): Promise<StoredAutomationSetting[]>;
  find(projectId: string, automationId: string): Promise<StoredAutomationSetting | undefined>;
  /** the project's enabled automations (what a recorded event may trigger) */
  enabledFor(projectId: string): Promise<AutomationSetting[]>;
  save(projectId: string, automationId: string, change: AutomationSettingChange): Promise<StoredAutomationSetting>;
  /**
   * Stores a signing secret for the automation's webhook calls (encrypted). With `replace: false`
   * it is stored only when the setting has none yet, so two enables racing issue one secret.
   * Returns whether it was stored.
   */
  issueWebhookSecret(projectId: string, automationId: string, secret: string, opts?: { replace?: boolean }): Promise<boolean>;
  webhookSecret(projectId: string, automationId: string): Promise<string | undefined>;
  /** Forgets the project's setting: the automation is off, with default params. */
  remove(projectId: string, automationId: string): Promise<boolean>;
}

/** The project's enabled automations; reads no secret, so it needs no encryptor. */
export async function enabledAutomationSettings(db: Knex, projectId: string): Promise<AutomationSetting[]> {
  return (await db<SettingRow>(TABLE).where({ project_id: projectId, enabled: true })).map(toSetting);
}

export function createAutomationSettingStore(db: Knex, encryptor: Pick<Encryptor, 'encrypt' | 'decrypt'>): AutomationSettingStore {
  const row = (projectId: string, automationId: string) => db<SettingRow>(TABLE).where({ project_id: projectId, automation_id: automationId });
  return {
    async list(projectId) {
      return (await db<SettingRow>(TABLE).where({ project_id: projectId }).orderBy('automation_id')).map(toSetting);
    },
    async find(projectId, automationId) {
      const found = await row(projectId, automationId).first();
      return found ? toSetting(found) : undefined;
    },
    enabledFor: (projectId) => enabledAutomationSettings(db, projectId),
    async save(projectId, automationId, change) {
      const values = { enabled: change.enabled, params: db.raw('?::jsonb', [JSON.stringify(change.params)]), test_mode_emails: change.testModeEmails };
      const [saved] = await db<SettingRow>(TABLE)
        .insert({ project_id: projectId, automation_id: automationId, ...values })
        .onConflict(['project_id', 'automation_id'])
        .merge({ ...values, updated_at: db.fn.now() })
        .returning('*');
      return toSetting(saved!);
    },
    async issueWebhookSecret(projectId, automationId, secret, { replace = true } = {}) {
      const target = replace ? row(projectId, automationId) : row(projectId, automationId).whereNull('webhook_secret');
      return (await target.update({ webhook_secret: encryptor.encrypt(secret), updated_at: db.fn.now() })) > 0;
    },
    async webhookSecret(projectId, automationId) {
      const found = await row(projectId, automationId).first('webhook_secret');
      return found?.webhook_secret ? encryptor.decrypt(found.webhook_secret) : undefined;
    },
    async remove(projectId, automationId) {
      return (await row(projectId, automationId).delete()) > 0;
    },
  };
}

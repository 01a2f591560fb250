import type { Knex } from 'knex';
import type { AutomationActivityDeps } from '../activities/deps';
import type { Config } from '../config';
import { createAutomationRunStore } from '../db/automation-run-store';
import { createAutomationSettingStore } from '../db/automation-setting-store';
import { createAutomationWaitStore } from '../db/automation-wait-store';
import { createAutomationWaitWriteStores } from '../db/automation-wait-write-stores';
import { createEmailOutboxStore } from '../db/email-outbox-store';
import { createProfileEventStore } from '../db/profile-event-store';
import { createProfileStore } from '../db/profile-store';
import { transactional } from '../db/transaction';
import { createUnsubscriptionStore } from '../db/unsubscription-store';
import { createSmtpMailer, type Mailer } from '../delivery/mailer';
import { postSignedWebhook } from '../delivery/webhook-call';
import { automationCatalog } from '../domain/automation';
import type { Encryptor } from '../security/encryption';
import { UNSUBSCRIBE_KEY_PURPOSE, unsubscribeToken } from '../security/unsubscribe-token';
import { AUTOMATIONS } from '../workflows/automations';

/** The unsubscribe page's address for a profile: `<APP_URL>/unsubscribe/<signed token>`. */
export const unsubscribeUrlFor = (appUrl: string, encryptor: Encryptor) => {
  const key = encryptor.deriveKey(UNSUBSCRIBE_KEY_PURPOSE);
  return (projectId: string, profileId: string) => `${appUrl}/unsubscribe/${unsubscribeToken(key, projectId, profileId)}`;
};

/** The automations' dependencies, from real parts; `mailer` overrides SMTP_URL (tests hand in their own). */
export function buildAutomationDeps({ db, config, encryptor, mailer }: { db: Knex; config: Config; encryptor: Encryptor; mailer?: Mailer }): AutomationActivityDeps {
  return {
    catalog: automationCatalog(AUTOMATIONS),
    runs: createAutomationRunStore(db),
    settings: createAutomationSettingStore(db, encryptor),
    waitWrites: transactional(db, createAutomationWaitWriteStores),
    waits: createAutomationWaitStore(db),
    profiles: createProfileStore(db),
    profileEvents: createProfileEventStore(db),
    outbox: createEmailOutboxStore(db),
    unsubscriptions: createUnsubscriptionStore(db),
    mailer: mailer ?? (config.automations.smtpUrl ? createSmtpMailer(config.automations.smtpUrl) : undefined),
    from: config.automations.from,
    unsubscribeUrl: unsubscribeUrlFor(config.appUrl, encryptor),
    postWebhook: postSignedWebhook,
    allowPrivateUrls: config.automations.allowPrivateUrls,
  };
}

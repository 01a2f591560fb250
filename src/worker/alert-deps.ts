import type { Knex } from 'knex';
import type { AlertDeps } from '../activities/deps';
import { startAlertEmailWorkflows } from '../activities/alert-email-delivery';
import type { Config } from '../config';
import { createAlertWriteStores } from '../db/alert-write-stores';
import { createEmailOutboxStore } from '../db/email-outbox-store';
import { transactional } from '../db/transaction';
import type { Mailer } from '../delivery/mailer';
import type { Encryptor } from '../security/encryption';

/** The alerts' dependencies, from real parts; they share the automations' mailer (SMTP_URL) and From. */
export function buildAlertDeps({ db, config, encryptor, mailer }: { db: Knex; config: Config; encryptor: Encryptor; mailer?: Mailer }): AlertDeps {
  return {
    writes: transactional(db, createAlertWriteStores(encryptor)),
    outbox: createEmailOutboxStore(db),
    mailer,
    from: config.automations.from,
    appUrl: config.appUrl,
    startDeliveries: startAlertEmailWorkflows,
  };
}

import type { Knex } from 'knex';
import type { Encryptor } from '../security/encryption';
import { createConnectionAlertStore, type ConnectionAlertStore } from './connection-alert-store';
import { createConnectionStore, type ConnectionStore } from './connection-store';
import { createEmailOutboxStore, type EmailOutboxStore } from './email-outbox-store';
import { createEventInboxStore, type EventInboxStore } from './event-inbox-store';
import { createProjectStore, type ProjectStore } from './project-store';

/**
 * What a cause of an alert and the alert write together, in one transaction: the status move (or
 * the event set aside as dead), the hourly claim, and the email in the outbox. Either all of it
 * commits or none, so an alert is never lost after its cause, nor sent for a cause rolled back.
 */
export interface AlertWriteStores {
  connections: Pick<ConnectionStore, 'get' | 'move' | 'disconnect'>;
  inbox: Pick<EventInboxStore, 'recordFailure' | 'countsFor'>;
  projects: Pick<ProjectStore, 'get'>;
  alerts: ConnectionAlertStore;
  outbox: Pick<EmailOutboxStore, 'queueAlert'>;
}

export const createAlertWriteStores = (encryptor: Encryptor) => (db: Knex): AlertWriteStores => ({
  connections: createConnectionStore(db, encryptor),
  inbox: createEventInboxStore(db),
  projects: createProjectStore(db),
  alerts: createConnectionAlertStore(db),
  outbox: createEmailOutboxStore(db),
});

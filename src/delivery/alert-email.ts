import type { AlertCause } from '../domain/connection-alerts';
import { emailHtml } from './email-body';

/** What an alert email tells: the facts are ours (never a key or token), the rest is read from the connection. */
export interface AlertFacts {
  cause: AlertCause;
  project: { id: string; name: string };
  connection: { id: string; stripeAccountId: string; accountName: string | null; livemode: boolean };
  /** when it happened */
  at: Date;
  /** the connection's status message (the sync's error, say), already free of secrets */
  detail: string | null;
  /** events_dead: how many of the connection's events are set aside as dead now */
  deadEvents?: number;
  /** APP_URL */
  appUrl: string;
}

const HEADLINE: Record<AlertCause, string> = {
  needs_reconnect: 'needs reconnecting',
  disconnected_in_stripe: 'was disconnected in Stripe',
  sync_failed: 'failed to sync',
  events_dead: 'has Stripe events that keep failing',
};

const DETAIL_LABEL: Record<AlertCause, string> = {
  needs_reconnect: 'Why',
  disconnected_in_stripe: 'Why',
  sync_failed: 'The error',
  events_dead: 'The last error',
};

function whatHappened(f: AlertFacts): string {
  switch (f.cause) {
    case 'needs_reconnect':
      return 'Stripe refused the credentials of this connection, so nothing is synced from it any more.';
    case 'disconnected_in_stripe':
      return 'The account removed this app\'s access in Stripe (the app was deauthorized or uninstalled). Its Stripe credentials were wiped here; the synced data is kept.';
    case 'sync_failed':
      return 'A sync of this connection ended without completing.';
    case 'events_dead': {
      const n = f.deadEvents ?? 1;
      return `${n} live Stripe event${n === 1 ? ' was' : 's were'} tried five times, failed each time, and ${n === 1 ? 'is' : 'are'} now set aside as dead. The events after ${n === 1 ? 'it' : 'them'} go on.`;
    }
  }
}

function whatToDo(f: AlertFacts, settingsUrl: string): string {
  switch (f.cause) {
    case 'needs_reconnect':
      return `Reconnect the account in Settings → Integrations: ${settingsUrl}`;
    case 'disconnected_in_stripe':
      return `If this was not meant, connect the account again in Settings → Integrations: ${settingsUrl}`;
    case 'sync_failed':
      return `Press Retry on the connection in Settings → Integrations (it resumes from what was copied): ${settingsUrl}`;
    case 'events_dead':
      return `Retry or skip each of them in the dead events list of the connection in Settings → Integrations: ${settingsUrl}`;
  }
}

/** An alert email's subject, plain text and (escaped) HTML. */
export function alertEmail(f: AlertFacts): { subject: string; text: string; html: string } {
  const account = f.connection.accountName ? `${f.connection.accountName} (${f.connection.stripeAccountId})` : f.connection.stripeAccountId;
  const settingsUrl = `${f.appUrl}/projects/${encodeURIComponent(f.project.id)}/settings/integrations`;
  const subject = `[${f.project.name}] Stripe account ${account} ${HEADLINE[f.cause]}`.replace(/[\r\n]+/g, ' ');
  const text = [
    `Project: ${f.project.name} (${f.project.id})`,
    `Stripe account: ${account}${f.connection.livemode ? '' : ', test mode'}`,
    `Connection: ${f.connection.id}`,
    `When: ${f.at.toISOString()}`,
    `What happened: ${whatHappened(f)}${f.detail ? `\n${DETAIL_LABEL[f.cause]}: ${f.detail}` : ''}`,
    `What to do: ${whatToDo(f, settingsUrl)}`,
    'You get this because this address is the project\'s alert email (Settings → Integrations). Each kind of alert is sent at most once an hour per connection.',
  ].join('\n\n');
  return { subject, text, html: emailHtml(text) };
}

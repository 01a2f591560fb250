/**
 * The one-line summaries the Temporal UI shows for each workflow, built from what names the
 * account for a person: never a credential. Workflow-safe.
 */

/** What a summary knows about the connection. */
export interface SummarizedAccount {
  stripeAccountId: string;
  livemode: boolean;
  accountName?: string | null;
}

const accountPart = ({ stripeAccountId, livemode, accountName }: SummarizedAccount) =>
  [accountName, stripeAccountId, livemode ? 'live mode' : 'test mode'].filter(Boolean).join(' · ');

/** "Stripe account · Acme · acct_123 · test mode": the connection's live events, and owner of its syncs. */
export const accountWorkflowSummary = (account: SummarizedAccount) => `Stripe account · ${accountPart(account)}`;

/** "Stripe sync · Acme · acct_123 · test mode" (a resync says so). */
export const syncWorkflowSummary = (account: SummarizedAccount, kind: 'initial' | 'resync') =>
  `Stripe ${kind === 'initial' ? 'sync' : 'resync'} · ${accountPart(account)}`;

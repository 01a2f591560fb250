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

/** Who it belongs to, and where an operator goes from here (the UI's static "details"). */
export interface DetailedAccount extends SummarizedAccount {
  connectionId: string;
  projectId: string;
}

const owner = (a: DetailedAccount) => `Connection \`${a.connectionId}\` of project \`${a.projectId}\`.`;

export const accountWorkflowDetails = (a: DetailedAccount) => [
  owner(a),
  'Processes the connection\'s live events in order, reads Stripe\'s event list for what webhooks missed, and starts and follows its syncs.',
  'To sync again (a failed run is resumed): the `resync` Update with `{"kind": "resync"}`. See docs/operating.md.',
].join('\n\n');

export const syncWorkflowDetails = (a: DetailedAccount) => [
  owner(a),
  'Copies customers, subscriptions and charges into the mirror and profiles, in parallel slices; progress is under Current Details.',
  'If it fails or is terminated, Retry (settings, `npm run cli -- syncs retry`, or `resync` on the account workflow) resumes this run from its committed pages. See docs/operating.md.',
].join('\n\n');

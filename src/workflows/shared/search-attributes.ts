import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The one registry of custom search attributes, the keys workflows upsert and the client sets at
 * start. It also feeds the dev server's `--search-attribute` flags, the docker-compose init step and
 * the Temporal Cloud commands (`npm run cli -- temporal search-attributes`), through
 * `src/temporal/search-attributes.ts`. Values must never contain secrets.
 *
 * The constants end in `Attribute` so they never share a name with the domain types they carry
 * (the `SyncPhase` attribute holds a `SyncPhase` value); the attribute names are what ops query.
 */
export const ProjectIdAttribute = defineSearchAttributeKey('ProjectId', SearchAttributeType.KEYWORD);
export const ConnectionIdAttribute = defineSearchAttributeKey('ConnectionId', SearchAttributeType.KEYWORD);
export const StripeAccountIdAttribute = defineSearchAttributeKey('StripeAccountId', SearchAttributeType.KEYWORD);
export const SyncPhaseAttribute = defineSearchAttributeKey('SyncPhase', SearchAttributeType.KEYWORD);
/** On automation runs: which automation, and the profile it runs for (the customer page's id). */
export const AutomationIdAttribute = defineSearchAttributeKey('AutomationId', SearchAttributeType.KEYWORD);
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);

/** The connection's status (`syncing`, `active`, `error`, `needs_reconnect`, `disconnected`), as its workflows last heard it. */
export const ConnectionStatusAttribute = defineSearchAttributeKey('ConnectionStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  ProjectIdAttribute, ConnectionIdAttribute, StripeAccountIdAttribute, SyncPhaseAttribute, ConnectionStatusAttribute, AutomationIdAttribute,
  CustomerIdAttribute,
] as const;

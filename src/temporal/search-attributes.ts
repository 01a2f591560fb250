import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The one registry of custom search attributes. It feeds the dev server's `--search-attribute`
 * flags (scripts, tests), the docker-compose init step and the README's Temporal Cloud commands
 * (`npm run cli -- temporal search-attributes` prints them). Values must never contain secrets.
 */
export const ProjectId = defineSearchAttributeKey('ProjectId', SearchAttributeType.KEYWORD);
export const ConnectionId = defineSearchAttributeKey('ConnectionId', SearchAttributeType.KEYWORD);
export const StripeAccountId = defineSearchAttributeKey('StripeAccountId', SearchAttributeType.KEYWORD);
export const SyncPhase = defineSearchAttributeKey('SyncPhase', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [ProjectId, ConnectionId, StripeAccountId, SyncPhase] as const;

/** The names the CLI uses for each type (`temporal operator search-attribute create --type`). */
const CLI_TYPE: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

export const searchAttributeCliSpecs = (): { name: string; type: string }[] =>
  SEARCH_ATTRIBUTES.map((k) => ({ name: k.name, type: CLI_TYPE[k.type]! }));

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export const devServerSearchAttributeFlags = (): string[] =>
  searchAttributeCliSpecs().flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);

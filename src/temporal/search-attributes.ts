import { SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';

export * from '../workflows/shared/search-attributes';

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

import { invalidRequest } from '../../errors';

/** A clause of Stripe's search query language that the emulator understands. */
export type SearchClause =
  | { field: string; op: '>' | '<' | '>=' | '<='; value: number }
  | { field: string; op: ':'; value: string };

export interface SearchQuery {
  clauses: SearchClause[];
  /** how the clauses combine; Stripe refuses a query that mixes AND and OR */
  join: 'AND' | 'OR';
}

const CLAUSE = /^([a-z_]+)(>=|<=|>|<|:)(.+)$/;

/**
 * Parses the part of Stripe's search query language the emulator serves: clauses `field:"value"`
 * (exact match) and numeric comparisons `field>n` (`<`, `>=`, `<=`), joined by AND or by OR.
 * Anything else (negation, substring `~`, metadata, parentheses) is refused with Stripe's error,
 * never half understood.
 */
export function parseSearchQuery(query: string, fields: Record<string, 'number' | 'string'>, resource: string): SearchQuery {
  const parts = query.trim().split(/\s+(AND|OR)\s+/);
  const clauses: SearchClause[] = [];
  const joins = new Set<string>();
  parts.forEach((part, i) => {
    if (i % 2 === 1) return void joins.add(part);
    const match = CLAUSE.exec(part.trim());
    if (!match) throw invalidQuery(query);
    const [, field, op, raw] = match as unknown as [string, string, SearchClause['op'], string];
    const type = fields[field];
    if (!type) throw invalidRequest(`Field \`${field}\` is an unsupported search field for resource \`${resource}\`. See http://stripe.com/docs/search#query-fields-for-${resource} for a list of supported fields.`, 'query');
    if (op === ':') {
      const quoted = /^"(.*)"$/.exec(raw);
      if (!quoted) throw invalidQuery(query);
      clauses.push({ field, op, value: quoted[1]! });
    } else {
      const value = Number(raw);
      if (type !== 'number' || !Number.isInteger(value)) throw invalidQuery(query);
      clauses.push({ field, op, value });
    }
  });
  if (joins.size > 1) throw invalidRequest('Query cannot use both AND and OR operators.', 'query');
  return { clauses, join: joins.has('OR') ? 'OR' : 'AND' };
}

const invalidQuery = (query: string) =>
  invalidRequest(`We were unable to parse your search query. Try using the format \`metadata["key"]:"value"\` to query for metadata or \`key:"value"\` to query for other fields. Query: ${query}`, 'query');

/** Whether a record's searchable fields satisfy the query. */
export function matchesQuery(query: SearchQuery, values: Record<string, string | number | null>): boolean {
  const test = (c: SearchClause): boolean => {
    const v = values[c.field];
    if (v === null || v === undefined) return false;
    switch (c.op) {
      case ':': return String(v) === c.value;
      case '>': return Number(v) > c.value;
      case '<': return Number(v) < c.value;
      case '>=': return Number(v) >= c.value;
      case '<=': return Number(v) <= c.value;
    }
  };
  return query.join === 'AND' ? query.clauses.every(test) : query.clauses.some(test);
}

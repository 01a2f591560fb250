/**
 * Bodies nobody should accept, and strings that must travel as text: what the hostile-input suite
 * sends to every route.
 */
import type { z } from 'zod';
import { MAX_BODY_DEPTH } from '../../../src/api/middleware/body-parser';

export interface HostileBody {
  label: string;
  body: string | Buffer;
  contentType: string;
  /** the status the API must answer; a `field` case must also name the field */
  status: number;
  field?: string;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const json = (label: string, value: unknown, status = 400, field?: string): HostileBody =>
  ({ label, body: JSON.stringify(value), contentType: JSON_TYPE, status, field });

/** Deeper than any body of ours may be. */
export const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/** What the body parser refuses whatever the route: no route's code ever sees these. */
export function parserAttacks(limits: { json: number; form: number }): HostileBody[] {
  const raw = (label: string, body: string | Buffer, status = 400, contentType = JSON_TYPE): HostileBody => ({ label, body, contentType, status });
  return [
    raw('malformed JSON', '{"email": "ada@example.com",'),
    raw('a bare JSON string', '"just text"'),
    raw('a bare JSON number', '42'),
    raw('JSON null', 'null'),
    raw('invalid UTF-8', Buffer.concat([Buffer.from('{"email": "ada'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('@example.com"}')])),
    raw('invalid UTF-8 in a form', Buffer.concat([Buffer.from('apiKey=sek_'), Buffer.from([0xc0, 0xaf])]), 400, FORM_TYPE),
    raw(`nested ${MAX_BODY_DEPTH * 100} levels deep`, `{"traits": ${JSON.stringify(nested(MAX_BODY_DEPTH * 100))}}`),
    raw('a prototype key', '{"__proto__": {"admin": true}, "email": "ada@example.com"}'),
    raw('a JSON body over the limit', JSON.stringify({ email: 'ada@example.com', padding: 'x'.repeat(limits.json) }), 413),
    raw('a form over the limit', `apiKey=${'x'.repeat(limits.form)}`, 413, FORM_TYPE),
  ];
}

const WRONG_VALUES: unknown[] = [12345, 'definitely not valid ☃', true, null, [], {}, [{ nested: true }]];

/**
 * One change at a time to a body the route accepts: each field given a value of the wrong type
 * (those the route's own schema refuses), an unknown field, a field nested deep, a list instead of
 * an object.
 */
export function schemaAttacks(valid: Record<string, unknown>, schema: z.ZodType): HostileBody[] {
  const refused = (body: unknown) => !schema.safeParse(body).success;
  const wrongTypes = Object.keys(valid).flatMap((field) =>
    WRONG_VALUES.filter((value) => refused({ ...valid, [field]: value }))
      .map((value) => json(`${field} = ${JSON.stringify(value)}`, { ...valid, [field]: value }, 400, field)));
  return [
    ...wrongTypes,
    json('an unknown field', { ...valid, isAdmin: true }),
    json('an unknown field nested 20 deep', { ...valid, extra: nested(20) }),
    json('a list instead of an object', [valid]),
  ];
}

/** Text that is harmless as text and dangerous as anything else. */
export const HOSTILE_STRINGS = {
  sql: `x' OR '1'='1'; DROP TABLE profiles; --`,
  html: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
};

/** The valid body with each of its strings (and each string of a flat object in it) replaced by `text`. */
export function withTextIn(valid: Record<string, unknown>, text: string): Record<string, unknown>[] {
  return Object.entries(valid).flatMap(([field, value]) => {
    if (typeof value === 'string') return [{ ...valid, [field]: text }];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return withTextIn(value as Record<string, unknown>, text).map((inner) => ({ ...valid, [field]: inner }));
    }
    return [];
  });
}

/** A stack trace, a source path or a dependency's name in an answer: what must never leak. */
export const LEAK = /\n\s+at |\bat [\w.$<>]+ \(|\.(?:js|ts):\d+|node_modules|knex|pg_|relation "|syntax error at/i;

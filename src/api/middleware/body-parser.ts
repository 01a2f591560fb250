import { isUtf8 } from 'node:buffer';
import getRawBody from 'raw-body';
import { DomainError, validationError } from '../../domain/errors';
import type { ApiContext, ApiMiddleware } from '../context';

/** Our bodies are flat or nearly so; anything deeper is an attack on whoever walks it. */
export const MAX_BODY_DEPTH = 32;
const PARSED_METHODS = ['POST', 'PUT', 'PATCH'];
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface BodyLimits {
  /** bytes */
  json: number;
  form: number;
}

/** Walks the parsed body without recursion (a deep body must not overflow the stack it tests). */
function checkShape(body: unknown): void {
  const pending: [unknown, number][] = [[body, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) throw validationError(`body: nests deeper than ${MAX_BODY_DEPTH} levels`);
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw validationError(`body: "${key}" is not an accepted field name`);
      pending.push([child, depth + 1]);
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  // like Stripe and most APIs: a JSON body is an object or an array, never a bare value
  if (!/^[ \t\n\r]*[[{]/.test(text)) throw validationError('body: must be a JSON object');
  try {
    return JSON.parse(text);
  } catch {
    throw validationError('body: is not valid JSON');
  }
}

/** `a=1&b=2`, flat; a field sent twice becomes a list (which no form of ours accepts). */
function parseForm(text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = form[key];
    form[key] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return form;
}

async function readBytes(ctx: ApiContext, limit: number): Promise<Buffer> {
  const encoding = ctx.get('content-encoding');
  if (encoding && encoding !== 'identity') throw validationError(`body: Content-Encoding ${encoding} is not accepted; send it uncompressed`);
  try {
    return await getRawBody(ctx.req, { length: ctx.request.length, limit });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw new DomainError('payload_too_large', `the body is over ${limit} bytes`);
    throw err;
  }
}

/**
 * JSON and form bodies of the pages and the JSON API, onto `ctx.request.body`: read whole within
 * the limit (413 beyond), valid UTF-8 only (a byte that is not is refused, never replaced), JSON
 * objects or arrays, at most MAX_BODY_DEPTH deep, no prototype keys. Other content types are left
 * unread, so the route's schema sees no body.
 */
export const parseBody = (limits: BodyLimits): ApiMiddleware => async (ctx, next) => {
  const type = PARSED_METHODS.includes(ctx.method) ? ctx.request.is('json', 'urlencoded') : null;
  if (type) {
    const bytes = await readBytes(ctx, type === 'json' ? limits.json : limits.form);
    if (!isUtf8(bytes)) throw validationError('body: is not valid UTF-8');
    const text = bytes.toString('utf8');
    const body = type === 'json' ? parseJson(text) : parseForm(text);
    checkShape(body);
    ctx.request.body = body;
  }
  await next();
};

/**
 * The params an automation declares (subject and body templates, a webhook URL, delays) and their
 * validation. A project's params are checked against the declaration whenever they are set, so a
 * run never meets a value it cannot use; errors name the field.
 */
import { validationError } from '../errors';
import { parseDuration } from './duration';
import { unknownPlaceholders } from './template';

interface FieldBase {
  label: string;
  help?: string;
}

export type ParamField =
  | (FieldBase & { kind: 'text' | 'template'; default: string; multiline?: boolean })
  | (FieldBase & { kind: 'duration'; default: string })
  | (FieldBase & { kind: 'url'; default?: string })
  | (FieldBase & { kind: 'boolean'; default: boolean })
  | (FieldBase & { kind: 'number'; default: number; min?: number });

export type ParamsSchema = Record<string, ParamField>;

/** The values `run` receives: every field present (defaults filled in); a URL may be absent. */
export type ParamsOf<S extends ParamsSchema> = {
  [K in keyof S]: S[K] extends { kind: 'boolean' } ? boolean : S[K] extends { kind: 'number' } ? number : S[K] extends { kind: 'url' } ? string | undefined : string;
};

export type ParamValues = Record<string, string | number | boolean | undefined>;

/** Field builders, so an automation's params read as a form. */
export const param = {
  text: (label: string, value: string, help?: string) => ({ kind: 'text', label, default: value, help }) as const,
  template: (label: string, value: string, opts: { multiline?: boolean; help?: string } = {}) =>
    ({ kind: 'template', label, default: value, ...opts }) as const,
  duration: (label: string, value: string, help?: string) => ({ kind: 'duration', label, default: value, help }) as const,
  url: (label: string, help?: string) => ({ kind: 'url', label, help }) as const,
  boolean: (label: string, value: boolean, help?: string) => ({ kind: 'boolean', label, default: value, help }) as const,
  number: (label: string, value: number, opts: { min?: number; help?: string } = {}) => ({ kind: 'number', label, default: value, ...opts }) as const,
};

const MAX_TEXT = 20_000;

function checkField(name: string, field: ParamField, value: unknown): string | number | boolean | undefined {
  const fail = (why: string) => validationError(`params.${name}: ${why}`, { field: `params.${name}` });
  if (field.kind === 'boolean') {
    if (typeof value !== 'boolean') throw fail('must be true or false');
    return value;
  }
  if (field.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('must be a number');
    if (field.min !== undefined && value < field.min) throw fail(`must be at least ${field.min}`);
    return value;
  }
  if (field.kind === 'url' && (value === null || value === '')) return undefined;
  if (typeof value !== 'string') throw fail('must be a string');
  if (value.length > MAX_TEXT) throw fail(`must be at most ${MAX_TEXT} characters`);
  if (field.kind === 'duration' && parseDuration(value) === undefined) throw fail('must be a duration like "3 days" or "12 hours"');
  if (field.kind === 'template') {
    const unknown = unknownPlaceholders(value);
    if (unknown.length) throw fail(`unknown placeholder {{${unknown[0]}}}: use {{traits.…}}, {{event.…}} or {{profile.email}}`);
  }
  if (field.kind === 'url') {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw fail('must be an http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('must be an http(s) URL');
    if (url.username || url.password) throw fail('must not carry credentials');
  }
  return value;
}

/**
 * `patch` merged over `current` and checked against the schema: unknown fields and wrong values are
 * refused with the field named; missing ones take their defaults.
 */
export function validateParams(schema: ParamsSchema, current: ParamValues, patch: Record<string, unknown>): ParamValues {
  const unknown = Object.keys(patch).filter((k) => !(k in schema));
  if (unknown.length) {
    throw validationError(`params.${unknown[0]}: unknown param (known: ${Object.keys(schema).join(', ')})`, { field: `params.${unknown[0]}` });
  }
  const out: ParamValues = {};
  for (const [name, field] of Object.entries(schema)) {
    const value = name in patch ? patch[name] : name in current ? current[name] : field.default;
    out[name] = value === undefined ? undefined : checkField(name, field, value);
  }
  return out;
}

export const defaultParams = (schema: ParamsSchema): ParamValues => validateParams(schema, {}, {});

import { invalidRequest, parameterInvalid, parameterMissing, parameterUnknown } from '../errors';
import type { FormObject, FormValue } from '../form';
import type { CreatedRange } from '../store/collection';

/**
 * Readers for Stripe's form parameters, with Stripe's errors: an unknown parameter, a missing
 * one, or a value of the wrong type is a 400 naming the parameter.
 */

/** Refuses parameters the endpoint does not take (Stripe answers `parameter_unknown`). */
export function allowOnly(input: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) throw parameterUnknown(key);
}

function asString(value: FormValue, name: string): string {
  if (typeof value !== 'string') throw parameterInvalid(name, `Invalid string: ${JSON.stringify(value)}`);
  return value;
}

export function optionalString(input: FormObject, name: string): string | undefined {
  const value = input[name];
  return value === undefined ? undefined : asString(value, name);
}

export function requiredString(input: FormObject, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined || value === '') throw parameterMissing(name);
  return value;
}

/** A string that may be cleared with an empty value (Stripe's "Emptyable"): '' → null. */
export function emptyableString(input: FormObject, name: string): string | null | undefined {
  const value = optionalString(input, name);
  return value === '' ? null : value;
}

export function parseInteger(value: FormValue, name: string): number {
  const text = asString(value, name);
  if (!/^-?\d+$/.test(text)) throw parameterInvalid(name, `Invalid integer: ${text}`, 'parameter_invalid_integer');
  return Number(text);
}

export function optionalInteger(input: FormObject, name: string): number | undefined {
  const value = input[name];
  return value === undefined ? undefined : parseInteger(value, name);
}

export function optionalBoolean(input: FormObject, name: string): boolean | undefined {
  const value = optionalString(input, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw parameterInvalid(name, `Invalid boolean: ${value}`, 'parameter_invalid_boolean');
  return value === 'true';
}

export function optionalObject(input: FormObject, name: string): FormObject | undefined {
  const value = input[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw parameterInvalid(name, `Invalid object`, 'parameter_invalid_object');
  return value;
}

export function optionalStringList(input: FormObject, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map((item, i) => asString(item, `${name}[${i}]`));
}

export const readExpand = (input: FormObject): string[] => optionalStringList(input, 'expand') ?? [];

const MAX_METADATA_KEYS = 50;

/**
 * Applies `metadata` to existing metadata as Stripe does: keys are merged, an empty value
 * removes a key, and `metadata=` (empty) clears everything.
 */
export function applyMetadata(input: FormObject, current: Record<string, string> = {}): Record<string, string> | undefined {
  const value = input.metadata;
  if (value === undefined) return undefined;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw parameterInvalid('metadata', 'Invalid hash', 'parameter_invalid_object');
  const next = { ...current };
  for (const [key, v] of Object.entries(value)) {
    const text = asString(v, `metadata[${key}]`);
    if (text === '') delete next[key];
    else next[key] = text;
  }
  if (Object.keys(next).length > MAX_METADATA_KEYS) {
    throw invalidRequest(`You can have a maximum of ${MAX_METADATA_KEYS} metadata keys.`, 'metadata');
  }
  return next;
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

/** `created=<ts>` (exactly that second) or `created[gt|gte|lt|lte]=<ts>`. */
export function readCreated(input: FormObject, name = 'created'): CreatedRange | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const at = parseInteger(value, name);
    return { gte: at, lte: at };
  }
  if (Array.isArray(value)) throw parameterInvalid(name, `Invalid ${name}`, 'parameter_invalid_integer');
  const range: CreatedRange = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(RANGE_KEYS as readonly string[]).includes(key)) throw parameterUnknown(`${name}[${key}]`);
    range[key as (typeof RANGE_KEYS)[number]] = parseInteger(v, `${name}[${key}]`);
  }
  return range;
}

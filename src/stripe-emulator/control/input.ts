import { ControlError } from '../errors';

/** Readers for the control API's JSON bodies, answering 400 with a plain message on bad input. */
export type JsonBody = Record<string, unknown>;

const bad = (message: string) => new ControlError(400, message);

export function optionalNumber(body: JsonBody, name: string, range: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
    throw bad(`"${name}" must be a${range.integer ? 'n integer' : ' number'}.`);
  }
  if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
    throw bad(`"${name}" must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}.`);
  }
  return value;
}

export const optionalRatio = (body: JsonBody, name: string): number | undefined => optionalNumber(body, name, { min: 0, max: 1 });

export function optionalBool(body: JsonBody, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw bad(`"${name}" must be true or false.`);
  return value;
}

export function optionalText(body: JsonBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`"${name}" must be a string.`);
  return value;
}

export function requiredText(body: JsonBody, name: string): string {
  const value = optionalText(body, name);
  if (!value) throw bad(`"${name}" is required.`);
  return value;
}

export function optionalObject(body: JsonBody, name: string): JsonBody | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(`"${name}" must be an object.`);
  return value as JsonBody;
}

export function optionalStrings(body: JsonBody, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad(`"${name}" must be an array of strings.`);
  return value as string[];
}

export function optionalMetadata(body: JsonBody, name = 'metadata'): Record<string, string> | undefined {
  const value = optionalObject(body, name);
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}


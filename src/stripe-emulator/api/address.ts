import type Stripe from 'stripe';
import { parameterUnknown } from '../errors';
import type { FormObject } from '../form';
import { optionalObject, optionalString } from './params';

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** An address parameter: absent, cleared with an empty value (null), or a new address. */
export function readAddress(input: FormObject, name: string): Stripe.Address | null | undefined {
  if (input[name] === '') return null;
  const fields = optionalObject(input, name);
  if (!fields) return undefined;
  for (const key of Object.keys(fields)) if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) throw parameterUnknown(`${name}[${key}]`);
  const read = (key: (typeof ADDRESS_FIELDS)[number]) => optionalString(fields, key) || null;
  return { city: read('city'), country: read('country'), line1: read('line1'), line2: read('line2'), postal_code: read('postal_code'), state: read('state') };
}

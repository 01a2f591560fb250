/**
 * Restricted-key permissions, named as in Stripe's dashboard and Stripe Apps manifests
 * (`customer_read`, …). Stripe's 403 message calls them `rak_<name>`.
 */
export const RESOURCES = [
  'customer',
  'subscription',
  'charge',
  'refund',
  'product',
  'price',
  'invoice',
  'event',
  'webhook_endpoint',
  'account',
] as const;
export type PermissionResource = (typeof RESOURCES)[number];
export type Permission = `${PermissionResource}_${'read' | 'write'}`;

export const ALL_PERMISSIONS: readonly Permission[] = RESOURCES.flatMap((r) => [`${r}_read`, `${r}_write`] as Permission[]);
export const READ_PERMISSIONS: readonly Permission[] = RESOURCES.map((r) => `${r}_read` as Permission);

/** What `POST /_emulator/accounts` hands out: read everything, and manage webhook endpoints. */
export const DEFAULT_RESTRICTED_PERMISSIONS: readonly Permission[] = [...READ_PERMISSIONS, 'webhook_endpoint_write'];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (ALL_PERMISSIONS as readonly string[]).includes(value);
}

/** A write permission implies the read one, as in Stripe's dashboard. */
export function grants(held: readonly Permission[] | 'all', needed: Permission): boolean {
  if (held === 'all') return true;
  if (held.includes(needed)) return true;
  return needed.endsWith('_read') && held.includes(needed.replace(/_read$/, '_write') as Permission);
}

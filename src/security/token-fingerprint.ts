import { createHash } from 'node:crypto';

/**
 * A short, one-way name for a secret (an access or refresh token): safe to log, to pass in a
 * workflow update and to use in an idempotency key, and equal only for the same secret.
 */
export const tokenFingerprint = (secret: string): string => createHash('sha256').update(secret).digest('hex').slice(0, 24);

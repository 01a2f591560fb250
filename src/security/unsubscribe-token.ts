import { sign, unsign } from './signing';

/**
 * The token of an email's unsubscribe link: the project and profile, signed, so a link cannot be
 * forged for someone else and needs no lookup table. It does not expire: an old email's link works.
 */
export const unsubscribeToken = (key: Buffer, projectId: string, profileId: string): string => sign(key, `${projectId}.${profileId}`);

export function readUnsubscribeToken(key: Buffer, token: string): { projectId: string; profileId: string } | undefined {
  const value = unsign(key, token);
  const match = value ? /^(proj_\w+)\.(prof_\w+)$/.exec(value) : null;
  return match ? { projectId: match[1]!, profileId: match[2]! } : undefined;
}

/** Key purpose for `Encryptor.deriveKey`. */
export const UNSUBSCRIBE_KEY_PURPOSE = 'unsubscribe-links';

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (Stripe tokens and keys). Format: `v1.<iv>.<tag>.<ciphertext>`,
 * each part base64url; the version lets us rotate the scheme later.
 */
export interface Encryptor {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
  /** A key for another purpose (cookies, OAuth state), derived so one secret is enough to configure. */
  deriveKey(purpose: string): Buffer;
}

export function createEncryptor(base64Key: string): Encryptor {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must decode to 32 bytes');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    deriveKey(purpose) {
      return createHmac('sha256', key).update(`stripe-engage:${purpose}`).digest();
    },
  };
}

export const generateEncryptionKey = (): string => randomBytes(32).toString('base64');
